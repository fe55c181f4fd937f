import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../common/decorators/public.decorator.js';
import { requestOf } from '../../common/request-of.js';
import { RevocationsService } from '../../users/revocations.service.js';
import { AuthError, AuthException } from '../auth.exception.js';
import { AuthTokenService } from '../auth-token.service.js';
import type { AuthRequest } from '../auth-user.js';

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

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
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
    if (!isPublic && request.user.isGuest && (await this.revocations.isRevoked(request.user.id))) {
      throw new AuthException(AuthError.BANNED);
    }
    return true;
  }
}
