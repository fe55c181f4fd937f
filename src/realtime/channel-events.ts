import type { PubSubEngine } from 'graphql-subscriptions';
import { type EventSink, PUSH_EVENTS, type PushableEvents } from '../common/push-events.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A pub/sub channel's events as an async iterator, for one subscriber. In place of the engines'
 * own `asyncIterableIterator`:
 * - it listens from the moment it is made, not from the first `next()`, so nothing published
 *   between the resolver's answer and the server's first `next()` is lost;
 * - `return()` settles a pending `next()` with done at once, even one that started while the
 *   listener was still being registered (graphql-subscriptions' iterator never settles that one);
 * - an event handed to a waiting subscriber costs one promise, where graphql-subscriptions' down-
 *   compiled generator pays several per event and subscriber; and a consumer that pushes
 *   (`[PUSH_EVENTS]`, the direct delivery of shared subscriptions) is called from the publisher's
 *   loop itself, with no promise at all.
 * Events queue while nobody waits, as with the engines' iterators.
 */
export class ChannelEvents<T> implements PushableEvents<T> {
  private readonly queue: T[] = [];
  private waiting?: {
    resolve: (result: IteratorResult<T>) => void;
    reject: (error: unknown) => void;
  };
  private sink?: EventSink<T>;
  private failure?: Error;
  private closed = false;
  /** The listener's id once registered; undefined when registering failed or the iterator ended. */
  private readonly listening: Promise<number | undefined>;

  constructor(
    private readonly pubSub: PubSubEngine,
    channel: string,
  ) {
    this.listening = pubSub
      .subscribe(channel, (event: T) => this.push(event), {})
      .then(
        (id) => {
          if (!this.closed) return id;
          pubSub.unsubscribe(id);
          return undefined;
        },
        (error: unknown) => {
          this.failure = error instanceof Error ? error : new Error(String(error));
          const { waiting, sink } = this;
          this.waiting = undefined;
          this.sink = undefined;
          waiting?.reject(this.failure);
          sink?.fail(this.failure);
          return undefined;
        },
      );
  }

  private push(event: T): void {
    if (this.closed) return;
    if (this.sink) {
      this.sink.next(event);
      return;
    }
    const waiting = this.waiting;
    if (!waiting) {
      this.queue.push(event);
      return;
    }
    this.waiting = undefined;
    waiting.resolve({ value: event, done: false });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.closed) return Promise.resolve(DONE);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  [PUSH_EVENTS](sink: EventSink<T>): void {
    if (this.closed) return sink.end();
    if (this.failure) return sink.fail(this.failure);
    this.sink = sink;
    const queued = this.queue.splice(0);
    for (const event of queued) {
      if (this.closed) return;
      sink.next(event);
    }
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.queue.length = 0;
      const { waiting, sink } = this;
      this.waiting = undefined;
      this.sink = undefined;
      waiting?.resolve(DONE);
      sink?.end();
      const id = await this.listening;
      if (id !== undefined) this.pubSub.unsubscribe(id);
    }
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
