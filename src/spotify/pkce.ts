import { createHash, randomBytes } from 'node:crypto';
import type { PkcePair } from './spotify.types.js';

/** A PKCE verifier (64 base64url characters, within RFC 7636's 43–128) and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
