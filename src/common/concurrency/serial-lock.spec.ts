import { describe, expect, it } from '@jest/globals';
import { LockTimeoutError, SerialLock } from './serial-lock.js';

describe(SerialLock.name, () => {
  it('lets one holder in at a time, in the order asked', async () => {
    const sut = new SerialLock();
    const log: string[] = [];
    const first = await sut.acquire();
    const second = sut.run(() => Promise.resolve(log.push('second')));
    const third = sut.run(() => Promise.resolve(log.push('third')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);
    first();
    await Promise.all([second, third]);
    expect(log).toEqual(['second', 'third']);
  });

  it('fails a wait that outlasts the timeout, and passes the turn on to the next', async () => {
    const sut = new SerialLock(50);
    const holder = await sut.acquire();
    const late = sut.acquire();
    await expect(late).rejects.toBeInstanceOf(LockTimeoutError);
    const next = sut.run(() => Promise.resolve('next'));
    holder();
    await expect(next).resolves.toBe('next');
  });

  it('lets the next in after work that throws', async () => {
    const sut = new SerialLock(1000);
    await expect(sut.run(() => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    await expect(sut.run(() => Promise.resolve('after'))).resolves.toBe('after');
  });
});
