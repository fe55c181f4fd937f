import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config.js';
import { AuthError, AuthException } from './auth.exception.js';
import type { AuthUser } from './auth-user.js';

/** Verified tokens kept per instance. */
const VERIFIED_TOKENS = 10_000;

interface TokenClaims {
  sub: string;
  /** Present on guest sessions: the room the token is valid for. */
  room?: string;
  guest?: boolean;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Issues and verifies our own JWTs (HS256); used by the HTTP guard and the WebSocket handshake. */
@Injectable()
export class AuthTokenService {
  /**
   * Tokens already verified, with what they carry, until they expire: a signature check (HMAC and
   * JSON) per request is most of what authentication costs. Revocation is checked apart from this
   * (RevocationsService), on every request.
   */
  private readonly verified = new LRUCache<string, { user: AuthUser; expiresAt: number }>({
    max: VERIFIED_TOKENS,
  });

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  issueForUser(userId: string): IssuedToken {
    const expiresIn = this.config.jwtExpiresIn;
    return {
      accessToken: this.jwt.sign({ sub: userId } satisfies TokenClaims, { expiresIn }),
      tokenType: 'Bearer',
      expiresIn,
    };
  }

  issueForGuest(userId: string, roomId: string): IssuedToken {
    const expiresIn = this.config.guestSessionExpiresIn;
    return {
      accessToken: this.jwt.sign({ sub: userId, guest: true, room: roomId } satisfies TokenClaims, {
        expiresIn,
      }),
      tokenType: 'Bearer',
      expiresIn,
    };
  }

  /** Verifies `Bearer <token>` (or a bare token); throws UNAUTHENTICATED with the reason. */
  verifyAuthorization(authorization: unknown): AuthUser {
    return this.verify(authorization, true).user;
  }

  /**
   * As verifyAuthorization, for a long-lived connection (a WebSocket): the token is not kept, and
   * its expiry (ms since the epoch) comes with the user, so the connection can end with it.
   */
  verifyConnection(authorization: unknown): { user: AuthUser; expiresAt: number | null } {
    return this.verify(authorization, false);
  }

  private verify(
    authorization: unknown,
    remember: boolean,
  ): { user: AuthUser; expiresAt: number | null } {
    if (typeof authorization !== 'string' || authorization.trim() === '') {
      throw new AuthException(AuthError.TOKEN_MISSING);
    }
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) {
      throw new AuthException(
        AuthError.TOKEN_INVALID,
        'The Authorization header must be "Bearer <accessToken>"',
      );
    }
    const token = match[1];
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) {
        return { user: { ...known.user }, expiresAt: known.expiresAt };
      }
      this.verified.delete(token);
      throw new AuthException(AuthError.TOKEN_EXPIRED);
    }
    let claims: TokenClaims & { exp?: number };
    try {
      claims = this.jwt.verify<TokenClaims & object>(token, { algorithms: ['HS256'] });
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new AuthException(AuthError.TOKEN_EXPIRED);
      throw new AuthException(AuthError.TOKEN_INVALID);
    }
    if (typeof claims.sub !== 'string') throw new AuthException(AuthError.TOKEN_INVALID);
    const user: AuthUser = {
      id: claims.sub,
      isGuest: claims.guest === true,
      roomId: claims.room ?? null,
    };
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
    if (remember && expiresAt !== null) this.verified.set(token, { user, expiresAt });
    return { user: { ...user }, expiresAt };
  }
}
