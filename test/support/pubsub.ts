import type { PubSubEngine } from 'graphql-subscriptions';
import type { EventEmitter } from 'node:events';

/**
 * How many listeners graphql-subscriptions' in-memory PubSub holds on `channel`. It does not
 * expose the count, so this reads its event emitter.
 */
export function memoryListeners(pubSub: PubSubEngine, channel: string): number {
  return (pubSub as unknown as { ee: EventEmitter }).ee.listenerCount(channel);
}
