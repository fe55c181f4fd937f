import { KeyedSerialQueue } from './keyed-serial-queue.js';

/** A wait for the lock that ran out. */
export class LockTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`Waited ${waitedMs} ms for the lock`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * One holder at a time, granted in the order asked. `acquire` answers the function that lets the
 * next one in; `run` holds the lock for one piece of work. A wait longer than `timeoutMs` fails
 * with LockTimeoutError (and the turn passes on), so a holder that waits for itself fails instead
 * of stopping every other caller for good.
 */
export class SerialLock {
  private readonly queue = new KeyedSerialQueue<'lock'>();

  constructor(private readonly timeoutMs = Infinity) {}

  acquire(): Promise<() => void> {
    return new Promise((granted, refused) => {
      let waiting = true;
      const timer = Number.isFinite(this.timeoutMs)
        ? setTimeout(() => {
            waiting = false;
            refused(new LockTimeoutError(this.timeoutMs));
          }, this.timeoutMs)
        : undefined;
      void this.queue.run(
        'lock',
        () =>
          new Promise<void>((release) => {
            if (!waiting) return release();
            waiting = false;
            clearTimeout(timer);
            granted(release);
          }),
      );
    });
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
