import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../common/decorators/public.decorator.js';
import { requestOf } from '../../common/request-of.js';
import { RevocationsService } from '../../users/revocations.service.js';
import { AuthError, AuthException } from '../auth.exception.js';
import { AuthTokenService } from '../auth-token.service.js';
import type { AuthRequest } from '../auth-user.js';

function notBanned(revoked: boolean): true {
  if (revoked) throw new AuthException(AuthError.BANNED);
  return true;
}

/**
 * The global guard: every query, mutation, subscription and REST route needs a valid token unless
 * marked @Public(). WebSocket connections arrive already authenticated (checked at connect time).
 * A guest banned from its room is refused here, on every operation over HTTP or WebSocket: guest
 * tokens cannot be recalled, so each guest call checks the account's revocation (in memory, see
 * RevocationsService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AuthTokenService,
    private readonly revocations: RevocationsService,
  ) {}

  /** Whether each handler is @Public(), read from its metadata once. */
  private readonly publicHandlers = new WeakMap<object, boolean>();

  /** Synchronous unless a ban must be read from the database (see RevocationsService). */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const handler = context.getHandler();
    let isPublic = this.publicHandlers.get(handler);
    if (isPublic === undefined) {
      isPublic =
        this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, context.getClass()]) ===
        true;
      this.publicHandlers.set(handler, isPublic);
    }
    const request = requestOf<AuthRequest>(context);
    if (!request) return true;
    if (!request.user) {
      if (isPublic) {
        // A public operation ignores a stale token rather than failing on it.
        try {
          if (request.headers.authorization) {
            request.user = this.tokens.verifyAuthorization(request.headers.authorization);
          }
        } catch {
          // anonymous
        }
        return true;
      }
      request.user = this.tokens.verifyAuthorization(request.headers.authorization);
    }
    if (isPublic || !request.user.isGuest) return true;
    const revoked = this.revocations.isRevoked(request.user.id);
    return typeof revoked === 'boolean' ? notBanned(revoked) : revoked.then(notBanned);
  }
}
