import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import { PUB_SUB, REDIS } from '../realtime/realtime.constants.js';
import { redisConnections } from '../realtime/redis-connection.js';

const PING_TIMEOUT_MS = 1000;

/**
 * Up when every Redis connection of this instance is ready and Redis answers a PING. The publisher
 * and subscriber count too: while the subscriber reconnects, this instance's subscribers miss
 * events, which a load balancer should know.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    if (!this.redis) return session.up({ mode: 'in-memory pub/sub' });
    const connections = Object.fromEntries(
      redisConnections(this.redis, this.pubSub).map(({ role, client }) => [role, client.status]),
    );
    const notReady = Object.entries(connections).filter(([, status]) => status !== 'ready');
    if (notReady.length > 0) {
      const list = notReady.map(([role, status]) => `${role} ${status}`).join(', ');
      return session.down({ message: `Redis is not reachable (${list})`, connections });
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
        }),
      ]);
      return session.up({ connections });
    } catch (error) {
      return session.down({ message: (error as Error).message, connections });
    } finally {
      clearTimeout(timer);
    }
  }
}
