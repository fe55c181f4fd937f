import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import { DomainException } from '../../common/errors/domain.exception.js';
import { SpotifyError } from '../../spotify/spotify.exception.js';
import { AuthError, AuthException } from '../auth.exception.js';
import { AuthService } from '../auth.service.js';
import type { LoginState } from '../oauth-state.store.js';
import { SPOTIFY_STRATEGY } from '../strategies/spotify.strategy.js';

export interface LoginRequest extends Request {
  loginState?: LoginState;
}

/**
 * Runs the Spotify strategy on /auth/login (redirect to Spotify) and /auth/callback (state check
 * and code exchange), turning its failures into our typed errors.
 */
@Injectable()
export class SpotifyLoginGuard extends AuthGuard(SPOTIFY_STRATEGY) {
  constructor(private readonly auth: AuthService) {
    super({ session: false });
  }

  override getAuthenticateOptions(context: ExecutionContext): AuthGuardAuthenticateOptions {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.query.code || req.query.error) return { session: false };
    // An object state makes passport-oauth2 hand it to our store (a string would be sent as is).
    // The origin the browser used to reach us (behind a trusted proxy, the one it forwarded).
    const ownOrigin = `${req.protocol}://${req.headers.host}`;
    const state: LoginState = { redirect: this.auth.checkRedirect(req.query.redirect, ownOrigin) };
    return { session: false, state } as unknown as AuthGuardAuthenticateOptions;
  }

  override handleRequest<TUser>(
    error: unknown,
    user: TUser,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    const req = context.switchToHttp().getRequest<LoginRequest>();
    const refusal = req.query.error;
    if (refusal === 'access_denied') throw new AuthException(AuthError.CONSENT_REFUSED);
    if (typeof refusal === 'string') {
      throw new AuthException(AuthError.CONSENT_REFUSED, `Spotify login failed: ${refusal}`);
    }
    if (error instanceof DomainException) {
      if (error.reason === (SpotifyError.INVALID_GRANT as string)) {
        throw new AuthException(AuthError.CODE_REJECTED);
      }
      throw error;
    }
    if (error instanceof Error) throw error;
    if (error) throw new Error('Spotify login failed', { cause: error });
    if (!user) throw new AuthException(AuthError.STATE_INVALID);
    const state = (info as { state?: LoginState } | undefined)?.state;
    req.loginState = state;
    return user;
  }
}
