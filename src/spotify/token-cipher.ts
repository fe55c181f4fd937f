import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed salt and info: they separate this key from any other key derived from the same secret.
const HKDF_SALT = 'spotify-party/token-cipher';
const HKDF_INFO = 'spotify-tokens/v1';

/**
 * Encrypts Spotify tokens at rest: AES-256-GCM with a random IV per value and a key derived
 * (HKDF-SHA256) from TOKEN_ENCRYPTION_KEY. Format `v1.<iv>.<tag>.<ciphertext>`, base64url parts,
 * so that a later key or algorithm can be introduced beside it.
 */
@Injectable()
export class TokenCipher {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = TokenCipher.deriveKey(config.tokenEncryptionKey);
  }

  static deriveKey(secret: string): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the value is malformed, was tampered with, or was encrypted under another key. */
  decrypt(encoded: string): string {
    const parts = encoded.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new Error('Unsupported encrypted token format');
    }
    const [, iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error('Unsupported encrypted token format');
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Encrypted token could not be authenticated');
    }
  }
}
