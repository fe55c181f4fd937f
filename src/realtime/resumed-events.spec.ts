import { describe, expect, it } from '@jest/globals';
import type { LoggedEvent } from './room-event-log.service.js';
import { ResumedEvents } from './resumed-events.js';

interface Update {
  seq: number;
  from: 'log' | 'live';
}

/** A log holding updates 1..`latest`, and a stream resuming after `afterSeq`. */
function setup(afterSeq: number, latest: number) {
  const logged = (seq: number): LoggedEvent<Update> => ({ seq, event: { seq, from: 'log' } });
  const log = Array.from({ length: latest }, (_, i) => logged(i + 1));
  const reads: Array<[number, number | undefined]> = [];
  let closed = 0;
  const sut = new ResumedEvents<Update>(
    {
      read: (after, before, limit) => {
        reads.push([after, before]);
        return Promise.resolve(
          log
            .filter((e) => e.seq > after && (before === undefined || e.seq < before))
            .slice(0, limit),
        );
      },
      seqOf: (update) => update.seq,
      close: () => {
        closed++;
      },
    },
    afterSeq,
    log.filter((e) => e.seq > afterSeq).slice(0, ResumedEvents.batchSize),
  );
  const take = async (count: number) => {
    const taken: Update[] = [];
    for (let i = 0; i < count; i++) taken.push((await sut.next()).value as Update);
    return taken;
  };
  return { sut, log, reads, take, closed: () => closed, logged };
}

const live = (seq: number): Update => ({ seq, from: 'live' });

describe(ResumedEvents.name, () => {
  it('yields the logged updates, then the live ones, skipping those already yielded', async () => {
    const { sut, take } = setup(2, 4);
    // Updates 4 and 5 were published while the log was read: 4 arrives twice.
    sut.push(live(4));
    sut.push(live(5));

    expect(await take(3)).toEqual([{ seq: 3, from: 'log' }, { seq: 4, from: 'log' }, live(5)]);
  });

  it('fills a gap in the live updates from the log, before the update after it', async () => {
    const { sut, log, reads, take, logged } = setup(0, 1);
    expect(await take(1)).toEqual([{ seq: 1, from: 'log' }]);
    // 2 and 3 committed, but only 4 arrived live (e.g. a Redis outage in between).
    log.push(logged(2), logged(3), logged(4));
    sut.push(live(4));

    expect(await take(3)).toEqual([{ seq: 2, from: 'log' }, { seq: 3, from: 'log' }, live(4)]);
    expect(reads).toEqual([[1, 4]]);
    // The late live copies of 2 and 3 are dropped; 5 follows.
    sut.push(live(2));
    sut.push(live(3));
    sut.push(live(5));
    expect(await take(1)).toEqual([live(5)]);
  });

  it('reads a long history in batches', async () => {
    const size = ResumedEvents.batchSize;
    const { sut, log, reads, take } = setup(0, size + 3);

    const seqs = (await take(size + 3)).map((update) => update.seq);

    expect(seqs).toEqual(log.map((e) => e.seq));
    expect(reads).toEqual([[size, undefined]]);
    sut.push(live(size + 4));
    expect(await take(1)).toEqual([live(size + 4)]);
  });

  it('ends a subscriber waiting for the next live update, and stops the live subscription once', async () => {
    const { sut, closed } = setup(0, 0);
    const waiting = sut.next();

    await sut.return();
    await sut.return();

    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    expect(closed()).toBe(1);
    sut.push(live(1));
    await expect(sut.next()).resolves.toEqual({ value: undefined, done: true });
  });
});
