import { describe, expect, it } from '@jest/globals';
import { isLoopback, joinLink } from './join-link';

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
