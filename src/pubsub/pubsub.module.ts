import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { PUB_SUB, REDIS } from './pubsub.constants.js';

const logger = new Logger('PubSub');

/** Reconnects forever with a capped backoff, so a Redis restart heals without restarting us. */
const redisOptions: RedisOptions = {
  maxRetriesPerRequest: 2,
  enableOfflineQueue: true,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
};

function createRedis(url: string, role: string): Redis {
  const client = new Redis(url, { ...redisOptions, connectionName: `spotify-party:${role}` });
  client.on('error', (error: Error) => logger.warn(`Redis ${role}: ${error.message}`));
  return client;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null =>
        config.redisUrl ? createRedis(config.redisUrl, 'commands') : null,
    },
    {
      provide: PUB_SUB,
      inject: [AppConfig],
      useFactory: (config: AppConfig): PubSubEngine => {
        if (!config.redisUrl) return new PubSub();
        logger.log('Subscriptions fan out through Redis');
        return new RedisPubSub({
          publisher: createRedis(config.redisUrl, 'publisher'),
          subscriber: createRedis(config.redisUrl, 'subscriber'),
        });
      },
    },
  ],
  exports: [PUB_SUB, REDIS],
})
export class PubSubModule implements OnApplicationShutdown {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.pubSub instanceof RedisPubSub) await this.pubSub.close();
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
