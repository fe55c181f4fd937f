import { describe, expect, it } from '@jest/globals';
import { KeyedSerialQueue } from './keyed-serial-queue.js';

/** A promise the test settles by hand, to control exactly when work finishes. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise run its callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedSerialQueue', () => {
  it('runs work for one key one at a time, in the order it was queued', async () => {
    const sut = new KeyedSerialQueue();
    const log: string[] = [];
    const first = deferred();
    const a = sut.run('room', async () => {
      log.push('a starts');
      await first.promise;
      log.push('a ends');
      return 'a';
    });
    const b = sut.run('room', () => {
      log.push('b runs');
      return Promise.resolve('b');
    });
    await settle();
    expect(log).toEqual(['a starts']);
    first.resolve();
    await expect(a).resolves.toBe('a');
    await expect(b).resolves.toBe('b');
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('runs work for different keys concurrently', async () => {
    const sut = new KeyedSerialQueue();
    const blocked = deferred();
    const log: string[] = [];
    const a = sut.run('one', async () => {
      await blocked.promise;
      log.push('one');
    });
    await sut.run('two', () => {
      log.push('two');
      return Promise.resolve();
    });
    expect(log).toEqual(['two']);
    blocked.resolve();
    await a;
    expect(log).toEqual(['two', 'one']);
  });

  it('gives a failure to its own caller only and still runs what was queued after it', async () => {
    const sut = new KeyedSerialQueue();
    const failing = sut.run('room', () => Promise.reject(new Error('Spotify said no')));
    const next = sut.run('room', () => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('Spotify said no');
    await expect(next).resolves.toBe('next');
  });

  it('waits for a failed piece of work to finish before starting the next', async () => {
    const sut = new KeyedSerialQueue();
    const first = deferred();
    let secondStarted = false;
    const failing = sut.run('room', () => first.promise);
    const second = sut.run('room', () => {
      secondStarted = true;
      return Promise.resolve();
    });
    await settle();
    expect(secondStarted).toBe(false);
    first.reject(new Error('boom'));
    await expect(failing).rejects.toThrow('boom');
    await second;
    expect(secondStarted).toBe(true);
  });

  it('forgets a key once its work has drained', async () => {
    const sut = new KeyedSerialQueue();
    const work = [
      sut.run('a', () => Promise.resolve()),
      sut.run('a', () => Promise.reject(new Error('x'))).catch(() => undefined),
      sut.run('b', () => Promise.resolve()),
    ];
    expect(sut.activeKeys).toBe(2);
    await Promise.all(work);
    await settle();
    expect(sut.activeKeys).toBe(0);
  });
});
