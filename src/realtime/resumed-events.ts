import type { LoggedEvent } from './room-event-log.service.js';

const BATCH = 500;

export interface ResumeSources<T> {
  /** The updates after `afterSeq` (and before `beforeSeq`), in order, from the durable log. */
  read(
    afterSeq: number,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<Array<LoggedEvent<T>>>;
  seqOf(event: T): number;
  /** Stops the live subscription. */
  close(): Promise<void> | void;
}

/**
 * A subscriber's stream that resumes after `afterSeq`: the logged updates first, in order, then
 * the live ones, each seq exactly once. The live subscription is open (and buffering) before the
 * log is read, so an update committed during the replay arrives through one or the other; a live
 * update whose predecessors never arrived live (lost in a Redis outage, or overtaken by one from
 * another instance) is preceded by them, read from the log.
 *
 * A plain class rather than an async generator: `return()` must end a subscriber that is waiting
 * for the next live update, which a generator suspended at an `await` would not do.
 */
export class ResumedEvents<T> implements AsyncIterableIterator<T> {
  private readonly ready: Array<LoggedEvent<T>>;
  private readonly live: T[] = [];
  private replaying: boolean;
  private wake?: () => void;
  private closed = false;

  constructor(
    private readonly sources: ResumeSources<T>,
    private last: number,
    firstBatch: Array<LoggedEvent<T>>,
  ) {
    this.ready = [...firstBatch];
    this.replaying = firstBatch.length === BATCH;
  }

  static readonly batchSize = BATCH;

  /** Hands over a live update (called by the pub/sub subscription). */
  push(event: T): void {
    if (this.closed) return;
    this.live.push(event);
    this.wake?.();
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.closed) return { value: undefined, done: true };
      const next = this.ready.shift();
      if (next) {
        if (next.seq <= this.last) continue;
        this.last = next.seq;
        return { value: next.event, done: false };
      }
      if (this.replaying) {
        const batch = await this.sources.read(this.last, undefined, BATCH);
        this.replaying = batch.length === BATCH;
        this.ready.push(...batch);
        continue;
      }
      const event = this.live.shift();
      if (event === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const seq = this.sources.seqOf(event);
      if (seq <= this.last) continue;
      if (seq > this.last + 1) this.ready.push(...(await this.gap(this.last, seq)));
      // The live object itself, so subscribers with the same query still share one execution.
      this.ready.push({ seq, event });
    }
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.wake?.();
      await this.sources.close();
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async gap(afterSeq: number, beforeSeq: number): Promise<Array<LoggedEvent<T>>> {
    const found: Array<LoggedEvent<T>> = [];
    for (;;) {
      const batch = await this.sources.read(afterSeq, beforeSeq, BATCH);
      found.push(...batch);
      if (batch.length < BATCH) return found;
      afterSeq = batch[batch.length - 1].seq;
    }
  }
}
