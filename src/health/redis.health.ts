import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS } from '../pubsub/pubsub.constants.js';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    if (!this.redis) return session.up({ mode: 'in-memory pub/sub' });
    if (this.redis.status !== 'ready')
      return session.down({ message: `Redis is ${this.redis.status}` });
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 1000)),
      ]);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
