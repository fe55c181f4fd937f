import type { ExecutionContext } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';

/**
 * The request behind an HTTP route or a GraphQL operation (HTTP or WebSocket alike). The caller
 * names the shape it relies on: the GraphQL context factory and the WebSocket server give both
 * transports the same `req`.
 */
export function requestOf<R extends object>(context: ExecutionContext): R | undefined {
  if (context.getType<GqlContextType>() === 'graphql') {
    // A resolver's arguments are (root, args, context, info): GqlExecutionContext's getContext()
    // reads the same, from a copy of the context it makes first (three times per operation).
    return context.getArgByIndex<{ req?: R } | undefined>(2)?.req;
  }
  if (context.getType() === 'http') return context.switchToHttp().getRequest<R>();
  return undefined;
}
