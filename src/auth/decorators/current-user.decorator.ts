import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AuthError, AuthException } from '../auth.exception.js';
import { requestOf } from '../../common/request-of.js';
import type { AuthRequest, AuthUser } from '../auth-user.js';

/** The authenticated caller; the same over HTTP and both WebSocket protocols. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => {
    const user = requestOf<AuthRequest>(context)?.user;
    if (!user) throw new AuthException(AuthError.TOKEN_MISSING);
    return user;
  },
);

/** The caller when authenticated, else null (public operations, field resolvers). */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | null =>
    requestOf<AuthRequest>(context)?.user ?? null,
);
