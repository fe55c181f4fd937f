import { describe, expect, it } from '@jest/globals';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { memoryListeners as listeners } from '../../test/support/pubsub.js';
import { PUSH_EVENTS } from '../common/push-events.js';
import { ChannelEvents } from './channel-events.js';

/** An engine whose subscribe() answers only when told to (as Redis does, one round trip later). */
function slowEngine() {
  const inner = new PubSub();
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const engine = {
    subscribe: async (...args: Parameters<PubSub['subscribe']>) => {
      const id = await inner.subscribe(...args);
      await answered;
      return id;
    },
    unsubscribe: (id: number) => inner.unsubscribe(id),
    publish: (channel: string, payload: unknown) => inner.publish(channel, payload),
  } as unknown as PubSubEngine;
  return { engine, inner, answer };
}

describe('ChannelEvents', () => {
  it('listens from the start: events published before the first next() are kept, in order', async () => {
    const pubSub = new PubSub();
    const events = new ChannelEvents<number>(pubSub, 'c');
    await Promise.resolve();
    await pubSub.publish('c', 1);
    await pubSub.publish('c', 2);
    expect(await events.next()).toEqual({ value: 1, done: false });
    expect(await events.next()).toEqual({ value: 2, done: false });
    const waiting = events.next();
    await pubSub.publish('c', 3);
    expect(await waiting).toEqual({ value: 3, done: false });
    await events.return();
  });

  it('ends a waiting next() at return(), and stops listening', async () => {
    const pubSub = new PubSub();
    const events = new ChannelEvents<number>(pubSub, 'c');
    const waiting = events.next();
    await Promise.resolve();
    expect(listeners(pubSub, 'c')).toBe(1);
    expect(await events.return()).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(listeners(pubSub, 'c')).toBe(0);
    await pubSub.publish('c', 1);
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a next() made while the listener is still being registered, and lets it go after', async () => {
    const { engine, inner, answer } = slowEngine();
    const events = new ChannelEvents<number>(engine, 'c');
    const waiting = events.next();
    const ended = events.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    answer();
    await ended;
    expect(listeners(inner, 'c')).toBe(0);
  });

  it('fails next() when the listener cannot be registered', async () => {
    const engine = {
      subscribe: () => Promise.reject(new Error('Redis is down')),
      unsubscribe: () => undefined,
    } as unknown as PubSubEngine;
    const events = new ChannelEvents<number>(engine, 'c');
    await expect(events.next()).rejects.toThrow('Redis is down');
    await expect(events.next()).rejects.toThrow('Redis is down');
  });

  it("pushes to a sink: the queued events first, then each one in the publisher's own turn", async () => {
    const pubSub = new PubSub();
    const events = new ChannelEvents<number>(pubSub, 'c');
    await Promise.resolve();
    await pubSub.publish('c', 1);
    const pushed: number[] = [];
    let ended = 0;
    events[PUSH_EVENTS]({
      next: (n) => pushed.push(n),
      end: () => ended++,
      fail: (error) => {
        throw error;
      },
    });
    expect(pushed).toEqual([1]);
    void pubSub.publish('c', 2);
    void pubSub.publish('c', 3);
    expect(pushed).toEqual([1, 2, 3]);
    await events.return();
    expect(ended).toBe(1);
    expect(listeners(pubSub, 'c')).toBe(0);
    await pubSub.publish('c', 4);
    expect(pushed).toEqual([1, 2, 3]);
  });

  it('fails the sink when the listener cannot be registered', async () => {
    const engine = {
      subscribe: () => Promise.reject(new Error('Redis is down')),
      unsubscribe: () => undefined,
    } as unknown as PubSubEngine;
    const events = new ChannelEvents<number>(engine, 'c');
    const failure = new Promise<unknown>((resolve) =>
      events[PUSH_EVENTS]({ next: () => undefined, end: () => resolve('ended'), fail: resolve }),
    );
    expect(String(await failure)).toBe('Error: Redis is down');
  });
});
