import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { AuthRequest } from './auth-user.js';

/** The request behind an HTTP route or a GraphQL operation (HTTP or WebSocket alike). */
export function requestOf(context: ExecutionContext): AuthRequest | undefined {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: AuthRequest }>().req;
  }
  if (context.getType() === 'http') return context.switchToHttp().getRequest<AuthRequest>();
  return undefined;
}
