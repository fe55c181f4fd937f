import { describe, expect, it } from '@jest/globals';
import { isLoopback, joinLink, joinOrigin } from './join-link';

describe('joinLink', () => {
  it('puts the code on the page origin', () => {
    expect(joinLink('http://192.168.1.20:3000', 'ABC234')).toBe(
      'http://192.168.1.20:3000/join/ABC234',
    );
  });

  it('knows which origins other phones cannot reach', () => {
    expect(isLoopback('http://127.0.0.1:3000')).toBe(true);
    expect(isLoopback('http://localhost:3000')).toBe(true);
    expect(isLoopback('http://[::1]:3000')).toBe(true);
    expect(isLoopback('http://192.168.1.20:3000')).toBe(false);
  });
});

describe('joinOrigin', () => {
  const lan = { publicUrl: null, lanUrl: 'http://192.168.1.20:3000' };

  it('prefers PUBLIC_URL', () => {
    expect(
      joinOrigin('http://127.0.0.1:3000', { ...lan, publicUrl: 'https://party.example' }),
    ).toBe('https://party.example');
  });

  it("replaces a loopback page origin with the server's LAN address", () => {
    expect(joinOrigin('http://127.0.0.1:3000', lan)).toBe('http://192.168.1.20:3000');
    expect(joinOrigin('http://127.0.0.1:3000', { publicUrl: null, lanUrl: null })).toBe(
      'http://127.0.0.1:3000',
    );
  });

  it('keeps an origin phones can reach', () => {
    expect(joinOrigin('http://192.168.1.31:3000', lan)).toBe('http://192.168.1.31:3000');
    expect(joinOrigin('http://192.168.1.31:3000', null)).toBe('http://192.168.1.31:3000');
  });
});
