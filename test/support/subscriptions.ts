import type { INestApplication } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { PubSubEngine } from 'graphql-subscriptions';
import { type Client, type ClientOptions, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { PUB_SUB } from '../../src/realtime/realtime.constants.js';
import { eventually } from './eventually.js';
import { memoryListeners } from './pubsub.js';
import type { Operation } from './factories.js';

/** Real graphql-ws (graphql-transport-ws) clients, as modern Apollo clients use. */
function clientOptions(wsUrl: string, token?: string | null): ClientOptions {
  return {
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  };
}

/** A client that connects with its first subscription (a refusal then reaches that subscription). */
export function wsClient(wsUrl: string, token: string | null): Client {
  return createClient({ ...clientOptions(wsUrl, token), lazy: true });
}

/** Thrown when the server closes a graphql-ws connection before acknowledging it. */
export class SocketClosedError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`WebSocket closed with ${code} ${reason}`);
  }
}

/**
 * A client resolved once the server acknowledged the connection. Rejects with SocketClosedError
 * when the server refuses it.
 */
export async function connectGraphqlWs(wsUrl: string, token?: string): Promise<Client> {
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const connected = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const client = createClient({
    ...clientOptions(wsUrl, token),
    lazy: false,
    onNonLazyError: () => undefined,
    on: {
      connected: () => settle.resolve(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        settle.reject(new SocketClosedError(code, reason));
      },
    },
  });
  try {
    await connected;
  } catch (error) {
    await client.dispose();
    throw error;
  }
  return client;
}

/** Runs one operation over a graphql-ws client and collects every result until completion. */
export async function collect<T = Record<string, any>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Array<{ data?: T | null; errors?: Array<{ message: string; extensions?: any }> }>> {
  const results = [];
  for await (const result of client.iterate({ query, variables })) results.push(result);
  return results as Array<{ data?: T | null; errors?: Array<{ message: string }> }>;
}

/** The events of one subscription, collected as they arrive. */
export interface Collected<T> {
  events: T[];
  errors: unknown[];
  /** Resolves when the server ends the subscription: `complete`, or `error` with what it sent. */
  ended: Promise<'complete' | 'error'>;
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): Promise<void>;
}

export function subscribe<T>(client: Client, operation: Operation): Collected<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  let end!: (how: 'complete' | 'error') => void;
  const ended = new Promise<'complete' | 'error'>((resolve) => (end = resolve));
  const unsubscribe = client.subscribe<Record<string, T>>(operation, {
    next: (value) => {
      if (value.errors) errors.push(...value.errors);
      if (value.data) events.push(Object.values(value.data)[0]);
      notify();
    },
    error: (error: unknown) => {
      // A refused socket reports a CloseEvent, which does not serialise: keep code and reason.
      const close = error as { code?: number; reason?: string };
      errors.push(
        typeof close.code === 'number' ? { code: close.code, reason: close.reason } : error,
      );
      end('error');
      notify();
    },
    complete: () => {
      end('complete');
      notify();
    },
  });
  return {
    events,
    errors,
    ended,
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () =>
            reject(
              new Error(`Got ${events.length}/${count} events (errors: ${JSON.stringify(errors)})`),
            ),
          timeoutMs,
        );
        const check = () => {
          if (events.length >= count) {
            clearTimeout(deadline);
            resolve(events);
          } else if (errors.length > 0) {
            clearTimeout(deadline);
            reject(new Error(`Subscription failed: ${JSON.stringify(errors)}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      }),
    dispose: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/**
 * How many subscriptions an in-process app's pub/sub holds on `channel`. Neither engine exposes
 * the count, so this reads their internals: RedisPubSub counts a subscription once Redis has
 * acknowledged the SUBSCRIBE, the in-memory PubSub once it listens.
 */
function subscriptionsOn(app: INestApplication, channel: string): number {
  const pubSub = app.get<PubSubEngine>(PUB_SUB);
  if (pubSub instanceof RedisPubSub) {
    const refs = (pubSub as unknown as { subsRefsMap: Map<string, Set<number>> }).subsRefsMap;
    return refs.get(channel)?.size ?? 0;
  }
  return memoryListeners(pubSub, channel);
}

/**
 * Resolves once the app has registered `count` subscriptions on `channel` (see Channels in
 * src/realtime): graphql-ws acknowledges no subscription, so an event published before the server
 * listens would be lost.
 */
export async function untilSubscribed(
  app: INestApplication,
  channel: string,
  count = 1,
): Promise<void> {
  await eventually(() => subscriptionsOn(app, channel) >= count, {
    what: `${count} subscription(s) on ${channel}`,
  });
}

/** Resolves once `count` connections (one per app instance) subscribe to `channel` in Redis. */
export async function untilRedisSubscribers(
  redisUrl: string,
  channel: string,
  count: number,
): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    await eventually(
      async () => {
        const [, subscribers] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
        return Number(subscribers) >= count;
      },
      { what: `${count} Redis subscriber(s) on ${channel}` },
    );
  } finally {
    redis.disconnect();
  }
}
