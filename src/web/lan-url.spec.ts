import { describe, expect, it } from '@jest/globals';
import type { NetworkInterfaceInfo } from 'node:os';
import { lanUrl } from './lan-url.js';

const address = (value: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address: value, family, internal }) as NetworkInterfaceInfo;

describe('lanUrl', () => {
  const interfaces = {
    lo: [address('127.0.0.1', true)],
    wlan0: [address('fe80::1', false, 'IPv6'), address('192.168.1.20', false)],
  };

  it('is the first non-loopback IPv4 address, with the port', () => {
    expect(lanUrl('0.0.0.0', 3000, interfaces)).toBe('http://192.168.1.20:3000');
  });

  it('is null when the server listens on loopback only, or has no network', () => {
    expect(lanUrl('127.0.0.1', 3000, interfaces)).toBeNull();
    expect(lanUrl('0.0.0.0', 3000, { lo: [address('127.0.0.1', true)] })).toBeNull();
  });
});
