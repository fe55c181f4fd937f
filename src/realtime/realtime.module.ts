import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import { CacheEventsService } from './cache-events.service.js';
import { AppConfig } from '../config/app-config.js';
import { PUB_SUB, REDIS } from './realtime.constants.js';
import { closeRedis, createRedis, redisConnections, waitUntilReady } from './redis-connection.js';
import {
  MemoryPresenceStore,
  PresenceStore,
  RedisPresenceStore,
} from './presence/presence.store.js';
import { PresenceService } from './presence/presence.service.js';
import { ResilientRedisPubSub } from './resilient-redis-pubsub.js';
import { RoomEventLog } from './room-event-log.service.js';
import { RoomEvent } from './room-event.entity.js';
import { RoomEventsService } from './room-events.service.js';

const logger = new Logger('Realtime');
/** How long boot waits for Redis before starting without it. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * Room events (typed, in RoomEventsService): live over Redis at scale, in memory otherwise, and
 * kept in the database (RoomEventLog) for subscribers that resume. Presence (who is active in a
 * room) is shared the same way.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RoomEvent])],
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<Redis | null> => {
        if (!config.redisUrl) return null;
        const client = createRedis(config.redisUrl, 'commands');
        await waitUntilReady(client, CONNECT_TIMEOUT_MS);
        return client;
      },
    },
    CacheEventsService,
    {
      provide: PUB_SUB,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<PubSubEngine> => {
        if (!config.redisUrl) return new PubSub();
        const publisher = createRedis(config.redisUrl, 'publisher');
        const subscriber = createRedis(config.redisUrl, 'subscriber');
        await Promise.all([
          waitUntilReady(publisher, CONNECT_TIMEOUT_MS),
          waitUntilReady(subscriber, CONNECT_TIMEOUT_MS),
        ]);
        logger.log('Subscriptions fan out through Redis');
        return new ResilientRedisPubSub({ publisher, subscriber });
      },
    },
    {
      provide: PresenceStore,
      inject: [REDIS, AppConfig],
      useFactory: (redis: Redis | null, config: AppConfig): PresenceStore => {
        if (!redis) return new MemoryPresenceStore();
        const { windowMs, subscriptionTtlMs } = config.presence;
        return new RedisPresenceStore(redis, windowMs + subscriptionTtlMs);
      },
    },
    PresenceService,
    RoomEventLog,
    RoomEventsService,
  ],
  exports: [PUB_SUB, REDIS, RoomEventsService, CacheEventsService, PresenceService],
})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const connections = redisConnections(this.redis, this.pubSub);
    await Promise.all(connections.map(({ client }) => closeRedis(client)));
  }
}
