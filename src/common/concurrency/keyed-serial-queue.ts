/**
 * Runs work one at a time per key, in the order it was queued; different keys run concurrently.
 * A failure is handed to its own caller only: the next piece of work for the key still runs.
 * A key is forgotten once its queue drains, so many short-lived keys do not accumulate.
 */
export class KeyedSerialQueue<K = string> {
  private readonly tails = new Map<K, Promise<void>>();

  run<T>(key: K, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued or running. */
  get activeKeys(): number {
    return this.tails.size;
  }
}
