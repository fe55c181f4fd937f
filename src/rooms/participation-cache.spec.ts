import { describe, expect, it } from '@jest/globals';
import { PubSub } from 'graphql-subscriptions';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import { Channels } from '../realtime/channels.js';
import type { Participant } from './participant.entity.js';
import { ParticipationCache } from './participation-cache.js';

const ROOM_ID = 'room-1';
const participation = { roomId: ROOM_ID, userId: 'user-1' } as Participant;

function setup() {
  const pubSub = new PubSub();
  const cache = new ParticipationCache(new CacheEventsService(pubSub));
  let reads = 0;
  let answer: Participant | null = participation;
  const load = () => {
    reads++;
    return Promise.resolve(answer);
  };
  /** One read through the cache (the first of a room only starts listening). */
  const get = () => cache.get(ROOM_ID, 'user-1', load);
  return {
    pubSub,
    cache,
    get,
    reads: () => reads,
    answer: (next: Participant | null) => (answer = next),
  };
}

/** The first read of a room subscribes to its events; the next ones may be cached. */
async function listening(get: () => Promise<unknown>): Promise<void> {
  await get();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('ParticipationCache', () => {
  it('answers an active participation from memory once it listens to the room', async () => {
    const { get, reads } = setup();
    await listening(get);
    await get();
    const before = reads();
    expect(await get()).toBe(participation);
    expect(reads()).toBe(before);
  });

  it('never caches a refusal', async () => {
    const { get, reads, answer } = setup();
    answer(null);
    await listening(get);
    const before = reads();
    expect(await get()).toBeNull();
    expect(await get()).toBeNull();
    expect(reads()).toBe(before + 2);
  });

  it("forgets the room's participations on its roomUpdated and participantRemoved events", async () => {
    // As RoomEventsService publishes them, from this instance or another.
    for (const publish of [
      (pubSub: PubSub) => pubSub.publish(Channels.roomUpdated(ROOM_ID), { roomUpdated: {} }),
      (pubSub: PubSub) =>
        pubSub.publish(Channels.participantRemoved(ROOM_ID), { userId: 'user-1' }),
    ]) {
      const { pubSub, get, reads, answer } = setup();
      await listening(get);
      await get();
      await publish(pubSub);
      answer(null);
      const before = reads();
      expect(await get()).toBeNull();
      expect(reads()).toBe(before + 1);
    }
  });

  it('does not store a read that an invalidation overtook', async () => {
    const { cache, reads } = setup();
    await listening(() => cache.get(ROOM_ID, 'user-1', () => Promise.resolve(participation)));
    // The read began before the removal committed and answers after its invalidation.
    const late = cache.get(ROOM_ID, 'user-2', () => {
      cache.invalidate(ROOM_ID);
      return Promise.resolve({ ...participation, userId: 'user-2' });
    });
    expect((await late)?.userId).toBe('user-2');
    let read = false;
    await cache.get(ROOM_ID, 'user-2', () => {
      read = true;
      return Promise.resolve(null);
    });
    expect(read).toBe(true);
    expect(reads()).toBe(0);
  });
});
