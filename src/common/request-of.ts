import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';

/**
 * The request behind an HTTP route or a GraphQL operation (HTTP or WebSocket alike). The caller
 * names the shape it relies on: the GraphQL context factory and the WebSocket server give both
 * transports the same `req`.
 */
export function requestOf<R extends object>(context: ExecutionContext): R | undefined {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: R }>().req;
  }
  if (context.getType() === 'http') return context.switchToHttp().getRequest<R>();
  return undefined;
}
