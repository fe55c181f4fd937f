import { KeyedSerialQueue } from './keyed-serial-queue.js';

/**
 * One holder at a time, granted in the order asked. `acquire` answers the function that lets the
 * next one in; `run` holds the lock for one piece of work.
 */
export class SerialLock {
  private readonly queue = new KeyedSerialQueue<'lock'>();

  acquire(): Promise<() => void> {
    return new Promise((granted) => {
      void this.queue.run('lock', () => new Promise<void>((release) => granted(release)));
    });
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run('lock', work);
  }

  /** Whether someone holds the lock or waits for it. */
  get busy(): boolean {
    return this.queue.activeKeys > 0;
  }
}
