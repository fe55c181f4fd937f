import { Logger } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { PubSubEngine } from 'graphql-subscriptions';
import { Redis, type RedisOptions } from 'ioredis';

/** Which of the instance's three Redis connections: names show up in logs, CLIENT LIST and /health. */
export type RedisRole = 'commands' | 'publisher' | 'subscriber';

const logger = new Logger('Redis');

/**
 * Per role, what a command does while Redis is unreachable. Commands (rate-limit counters, health
 * pings) and publishes fail at once: rate limits fall back to in-memory counters and a vote's
 * response never waits on Redis. SUBSCRIBE waits for the reconnection instead, so a subscription
 * opened during an outage starts when Redis is back.
 */
const offlineBehaviour: Record<RedisRole, RedisOptions> = {
  commands: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  publisher: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  subscriber: { enableOfflineQueue: true, maxRetriesPerRequest: null },
};

/**
 * Commands and publishes issued in one turn of the event loop leave in one write (ioredis'
 * auto-pipelining, in order): a vote batch's answers publish their updates together, and the
 * rate limiter's counters of the requests parsed together go together. Not for the subscriber,
 * whose connection is in subscribe mode.
 */
const pipelining: Record<RedisRole, RedisOptions> = {
  commands: { enableAutoPipelining: true },
  publisher: { enableAutoPipelining: true },
  subscriber: {},
};

/**
 * One ioredis connection that reconnects forever with a capped backoff and, after a reconnection,
 * resubscribes its channels (ioredis' `autoResubscribe`, on by default): a Redis restart heals
 * without restarting the app. Options in the URL's query string (e.g. `?keyPrefix=party:`) apply.
 */
export function createRedis(url: string, role: RedisRole): Redis {
  const client = new Redis(url, {
    ...offlineBehaviour[role],
    ...pipelining[role],
    connectionName: `spotify-party:${role}`,
    autoResubscribe: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // One line when the connection is lost and one when it is back, not one per retry.
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    logger.warn(`${role} connection lost (${error.message}); reconnecting`);
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    logger.log(`${role} connection is back`);
  });
  return client;
}

/**
 * Waits up to `timeoutMs` for the connection, so the first requests after boot already share
 * counters and events. An instance that starts during an outage still starts (and /health says 503).
 */
export async function waitUntilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<boolean>((resolve) => client.once('ready', () => resolve(true)));
  const timeout = new Promise<boolean>(
    (resolve) => (timer = setTimeout(resolve, timeoutMs, false)),
  );
  const connected = await Promise.race([ready, timeout]);
  clearTimeout(timer);
  if (!connected) logger.warn(`Redis is not reachable after ${timeoutMs} ms; starting without it`);
}

/** QUIT when connected (pending replies arrive first); a connection that is down is just dropped. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Lost while quitting: disconnecting below stops the reconnection loop.
    }
  }
  client.disconnect();
}

/** Every Redis connection of this instance, by role: none without REDIS_URL. */
export function redisConnections(
  commands: Redis | null,
  pubSub: PubSubEngine,
): Array<{ role: RedisRole; client: Redis }> {
  const connections: Array<{ role: RedisRole; client: Redis }> = [];
  if (commands) connections.push({ role: 'commands', client: commands });
  if (pubSub instanceof RedisPubSub) {
    // Built here from single-node clients, never a Cluster.
    connections.push({ role: 'publisher', client: pubSub.getPublisher() as Redis });
    connections.push({ role: 'subscriber', client: pubSub.getSubscriber() as Redis });
  }
  return connections;
}
