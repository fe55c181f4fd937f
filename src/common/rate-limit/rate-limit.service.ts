import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../realtime/realtime.constants.js';
import { CommonError, CommonException } from '../errors/common.exception.js';
import type { AddressRateLimit } from './rate-limit.decorator.js';

export type RateLimitName = AddressRateLimit | 'mutation';

/**
 * Fixed-window limits from rate-limiter-flexible. With REDIS_URL the counters live in Redis, so
 * every instance shares them; while Redis is unreachable each instance falls back to its own
 * in-memory counters rather than failing requests.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters: Record<RateLimitName, RateLimiterAbstract>;

  constructor(config: AppConfig, @Inject(REDIS) redis: Redis | null) {
    const limits = config.rateLimits;
    const create = (name: RateLimitName, points: number): RateLimiterAbstract => {
      const options = { points, duration: 60, keyPrefix: `spotify-party:rl:${name}` };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.limiters = {
      login: create('login', limits.loginPerMinute),
      guestJoin: create('guestJoin', limits.guestJoinPerMinute),
      mutation: create('mutation', limits.mutationsPerMinute),
    };
  }

  /** Counts one request; throws TOO_MANY_REQUESTS with the wait when over the limit. */
  async consume(name: RateLimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new CommonException(CommonError.RATE_LIMITED, undefined, {
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      });
    }
  }
}
