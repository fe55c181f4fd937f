import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

/**
 * The HMAC key of our tokens, derived from JWT_SECRET (any string of 32+ characters) with HKDF.
 * A KeyObject, not a string: jsonwebtoken would otherwise try to parse the string as a PEM key on
 * every verify.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'spotify-party', 'jwt-hs256', 32)));
}
