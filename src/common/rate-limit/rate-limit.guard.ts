import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
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

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf<{ ip?: string; user?: { id: string } }>(context);
    const byAddress = this.reflector.getAllAndOverride<AddressRateLimit | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (byAddress) {
      await this.limits.consume(byAddress, request?.ip ?? 'unknown');
      return true;
    }
    if (context.getType<GqlContextType>() === 'graphql' && request?.user) {
      const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
      if (info.parentType.name === 'Mutation') {
        await this.limits.consume('mutation', request.user.id);
      }
    }
    return true;
  }
}
