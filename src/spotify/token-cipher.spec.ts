import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import { TokenCipher } from './token-cipher.js';

function cipherWith(key: string): TokenCipher {
  return new TokenCipher({ tokenEncryptionKey: key } as AppConfig);
}

const KEY = 'unit-test-key-0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN = 'BQDx-access-token_with.odd~chars/and+more==';

/** Replaces one character of a base64url part, so the decoded bytes change. */
function tamper(encoded: string, partIndex: number): string {
  const parts = encoded.split('.');
  const part = parts[partIndex];
  parts[partIndex] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

describe('TokenCipher', () => {
  const cipher = cipherWith(KEY);

  it('decrypts what it encrypted', () => {
    expect(cipher.decrypt(cipher.encrypt(TOKEN))).toBe(TOKEN);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url without the plaintext', () => {
    const encoded = cipher.encrypt(TOKEN);
    const parts = encoded.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    for (const part of parts.slice(1)) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(parts[1], 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[2], 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[3], 'base64url')).toHaveLength(Buffer.byteLength(TOKEN));
    expect(encoded).not.toContain(TOKEN);
    expect(Buffer.from(parts[3], 'base64url').toString('utf8')).not.toContain('access-token');
  });

  it('uses a fresh IV each time', () => {
    const a = cipher.encrypt(TOKEN);
    const b = cipher.encrypt(TOKEN);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it('rejects a tampered IV, tag or ciphertext', () => {
    const encoded = cipher.encrypt(TOKEN);
    for (const index of [1, 2, 3]) {
      expect(() => cipher.decrypt(tamper(encoded, index))).toThrow();
    }
  });

  it('rejects a value encrypted under another key', () => {
    const other = cipherWith('another-key-0123456789abcdefghijklmnopqrstuvwxyz');
    expect(() => other.decrypt(cipher.encrypt(TOKEN))).toThrow(/authenticated/);
  });

  it('rejects unknown versions and malformed values', () => {
    const [, iv, tag, data] = cipher.encrypt(TOKEN).split('.');
    expect(() => cipher.decrypt(`v2.${iv}.${tag}.${data}`)).toThrow(/format/);
    expect(() => cipher.decrypt(TOKEN)).toThrow(/format/);
    expect(() => cipher.decrypt(`v1.${iv}.${tag}`)).toThrow(/format/);
    expect(() => cipher.decrypt(`v1.${iv.slice(4)}.${tag}.${data}`)).toThrow(/format/);
  });

  it('derives the same key from the same secret and different keys from different secrets', () => {
    expect(TokenCipher.deriveKey(KEY).equals(TokenCipher.deriveKey(KEY))).toBe(true);
    expect(TokenCipher.deriveKey(KEY)).toHaveLength(32);
    expect(TokenCipher.deriveKey(KEY).equals(TokenCipher.deriveKey(`${KEY}x`))).toBe(false);
    expect(cipherWith(KEY).decrypt(cipher.encrypt(TOKEN))).toBe(TOKEN);
  });
});
