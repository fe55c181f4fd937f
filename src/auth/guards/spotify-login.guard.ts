import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainException } from '../../common/errors/domain.exception.js';
import { SpotifyError } from '../../spotify/spotify.exception.js';
import { AuthError, AuthException } from '../auth.exception.js';
import { AuthService } from '../auth.service.js';
import type { LoginState } from '../oauth-state.store.js';
import { SPOTIFY_STRATEGY } from '../strategies/spotify.strategy.js';

/** The login's request as Passport and the state store see it. */
export interface LoginRequest extends FastifyRequest<{
  Querystring: Record<string, string | string[] | undefined>;
}> {
  /** The reply, for the state store's browser-binding cookie. */
  reply: FastifyReply;
  loginState?: LoginState;
}

/**
 * What Passport writes to when a strategy redirects (`statusCode`, `setHeader`, `end`, as on
 * Node's response), passed to Fastify's reply so that its hooks and headers still apply.
 */
function passportResponse(reply: FastifyReply) {
  return {
    set statusCode(code: number) {
      void reply.code(code);
    },
    setHeader(name: string, value: string) {
      void reply.header(name, value);
    },
    end() {
      void reply.send();
    },
  };
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

  override getRequest(context: ExecutionContext): LoginRequest {
    const http = context.switchToHttp();
    const req = http.getRequest<LoginRequest>();
    req.reply = http.getResponse<FastifyReply>();
    return req;
  }

  /** Not in IAuthGuard's typing, but what AuthGuard hands Passport as the response. */
  getResponse(context: ExecutionContext): ReturnType<typeof passportResponse> {
    return passportResponse(context.switchToHttp().getResponse<FastifyReply>());
  }

  override getAuthenticateOptions(context: ExecutionContext): AuthGuardAuthenticateOptions {
    const req = context.switchToHttp().getRequest<LoginRequest>();
    if (req.query.code || req.query.error) return { session: false };
    // An object state makes passport-oauth2 hand it to our store (a string would be sent as is).
    const state: LoginState = { redirect: this.auth.checkRedirect(req.query.redirect) };
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
