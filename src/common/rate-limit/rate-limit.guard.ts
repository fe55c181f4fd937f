import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { requestOf } from '../request-of.js';
import { RATE_LIMIT, type AddressRateLimit } from './rate-limit.decorator.js';
import { RateLimitService } from './rate-limit.service.js';

/**
 * Runs after the authentication guard: endpoints marked @RateLimit count per client address;
 * every GraphQL mutation by an authenticated caller counts per user.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  /** Each handler's @RateLimit(), or null, read from its metadata once. */
  private readonly addressLimits = new WeakMap<object, AddressRateLimit | null>();

  /** Synchronous unless the request counts against a limit. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = requestOf<{ ip?: string; user?: { id: string } }>(context);
    const handler = context.getHandler();
    let byAddress = this.addressLimits.get(handler);
    if (byAddress === undefined) {
      byAddress =
        this.reflector.getAllAndOverride<AddressRateLimit | undefined>(RATE_LIMIT, [
          handler,
          context.getClass(),
        ]) ?? null;
      this.addressLimits.set(handler, byAddress);
    }
    if (byAddress) {
      return this.limits.consume(byAddress, request?.ip ?? 'unknown').then(() => true);
    }
    if (context.getType<GqlContextType>() === 'graphql' && request?.user) {
      // (root, args, context, info), as GqlExecutionContext.getInfo() reads it.
      const info = context.getArgByIndex<GraphQLResolveInfo>(3);
      if (info.parentType.name === 'Mutation') {
        return this.limits.consume('mutation', request.user.id).then(() => true);
      }
    }
    return true;
  }
}
