import { describe, expect, it } from '@jest/globals';
import { PubSub } from 'graphql-subscriptions';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import { Channels } from '../realtime/channels.js';
import type { Participant } from './participant.entity.js';
import { Room } from './room.entity.js';
import { RoomCache } from './room-cache.js';

const ROOM_ID = 'room-1';
const participation = { roomId: ROOM_ID, userId: 'user-1' } as Participant;

function setup() {
  const pubSub = new PubSub();
  const cache = new RoomCache(new CacheEventsService(pubSub));
  let reads = 0;
  let answer: Participant | null = participation;
  const load = () => {
    reads++;
    return Promise.resolve(answer);
  };
  /** One read through the cache (the first of a room only starts listening). */
  const get = () => cache.participation(ROOM_ID, 'user-1', load);
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

describe('RoomCache: participations', () => {
  it('answers an active participation from memory once it listens to the room', async () => {
    const { get, reads } = setup();
    await listening(get);
    await get();
    const before = reads();
    expect(await get()).toBe(participation);
    expect(reads()).toBe(before);
  });

  it('answers a participation without waiting only once it holds it, until the room changes', async () => {
    const { cache, get } = setup();
    expect(cache.cachedParticipation(ROOM_ID, 'user-1')).toBeUndefined();
    await listening(get);
    await get();
    expect(cache.cachedParticipation(ROOM_ID, 'user-1')).toBe(participation);
    expect(cache.cachedParticipation(ROOM_ID, 'user-2')).toBeUndefined();
    cache.invalidate(ROOM_ID);
    expect(cache.cachedParticipation(ROOM_ID, 'user-1')).toBeUndefined();
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
    await listening(() =>
      cache.participation(ROOM_ID, 'user-1', () => Promise.resolve(participation)),
    );
    // The read began before the removal committed and answers after its invalidation.
    const late = cache.participation(ROOM_ID, 'user-2', () => {
      cache.invalidate(ROOM_ID);
      return Promise.resolve({ ...participation, userId: 'user-2' });
    });
    expect((await late)?.userId).toBe('user-2');
    let read = false;
    await cache.participation(ROOM_ID, 'user-2', () => {
      read = true;
      return Promise.resolve(null);
    });
    expect(read).toBe(true);
    expect(reads()).toBe(0);
  });
});

describe('RoomCache: rows', () => {
  const row = Object.assign(new Room(), { id: ROOM_ID, name: 'Party', likeThreshold: 3 });

  function rows() {
    const pubSub = new PubSub();
    const cache = new RoomCache(new CacheEventsService(pubSub));
    let reads = 0;
    let answer = row;
    const get = () =>
      cache.room(ROOM_ID, () => {
        reads++;
        return Promise.resolve(answer);
      });
    return { pubSub, cache, get, reads: () => reads, answer: (next: Room) => (answer = next) };
  }

  it('answers the row from memory once it listens, a copy each time', async () => {
    const { get, reads } = rows();
    await listening(get);
    await get();
    const before = reads();
    const first = await get();
    first.likeThreshold = 99;
    const second = await get();
    expect(reads()).toBe(before);
    expect(second).toBeInstanceOf(Room);
    expect(second).not.toBe(first);
    expect(second.likeThreshold).toBe(3);
  });

  it('answers without waiting only what it holds, a copy of the row each time', async () => {
    const { cache, get, pubSub } = rows();
    expect(cache.cachedRoom(ROOM_ID)).toBeUndefined();
    await listening(get);
    await get();
    const first = cache.cachedRoom(ROOM_ID)!;
    first.likeThreshold = 99;
    expect(cache.cachedRoom(ROOM_ID)).toEqual(Object.assign(new Room(), row));
    expect(cache.cachedRoom(ROOM_ID)).toBeInstanceOf(Room);
    await pubSub.publish(Channels.roomUpdated(ROOM_ID), { roomUpdated: {} });
    expect(cache.cachedRoom(ROOM_ID)).toBeUndefined();
  });

  it("reads the row again after the room's roomUpdated event or a local invalidation", async () => {
    for (const change of [
      (rig: ReturnType<typeof rows>) =>
        rig.pubSub.publish(Channels.roomUpdated(ROOM_ID), { roomUpdated: {} }),
      (rig: ReturnType<typeof rows>) => Promise.resolve(rig.cache.invalidate(ROOM_ID)),
    ]) {
      const rig = rows();
      await listening(rig.get);
      await rig.get();
      rig.answer(Object.assign(new Room(), row, { likeThreshold: 5 }));
      expect((await rig.get()).likeThreshold).toBe(3);
      await change(rig);
      const before = rig.reads();
      expect((await rig.get()).likeThreshold).toBe(5);
      expect(rig.reads()).toBe(before + 1);
    }
  });

  it('does not store a row read that an invalidation overtook', async () => {
    const { cache, get, reads } = rows();
    await listening(get);
    const stale = await cache.room(ROOM_ID, () => {
      cache.invalidate(ROOM_ID);
      return Promise.resolve(row);
    });
    expect(stale.likeThreshold).toBe(3);
    const before = reads();
    await get();
    expect(reads()).toBe(before + 1);
  });
});
