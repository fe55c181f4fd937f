import { describe, expect, it } from '@jest/globals';
import { eventually } from '../../test/support/eventually.js';
import { memoryListeners } from '../../test/support/pubsub.js';
import { PubSub } from 'graphql-subscriptions';
import type { AppConfig } from '../config/app-config.js';
import { PresenceService } from './presence/presence.service.js';
import { MemoryPresenceStore } from './presence/presence.store.js';
import type { RoomEventLog } from './room-event-log.service.js';
import type { Room } from '../rooms/room.entity.js';
import { RoomEventsService } from './room-events.service.js';

const ROOM_ID = 'room-1';
const room = { id: ROOM_ID, name: 'Party' } as Room;

/** The service over an in-memory PubSub that counts live listeners per channel. */
function setup() {
  const pubSub = new PubSub();
  const config = {
    presence: { windowMs: 60_000, heartbeatMs: 1000, subscriptionTtlMs: 3000, touchEveryMs: 1000 },
  } as AppConfig;
  const presence = new PresenceService(new MemoryPresenceStore(), config);
  const sut = new RoomEventsService(pubSub, {} as RoomEventLog, presence);
  const listeners = (channel: string) => memoryListeners(pubSub, channel);
  return { sut, listeners, presence };
}

async function wrapped(sut: RoomEventsService, userId: string) {
  return sut.forParticipant(ROOM_ID, userId, sut.roomUpdates(ROOM_ID), () => Promise.resolve());
}

describe('RoomEventsService.forParticipant', () => {
  it("passes the room's events through", async () => {
    const { sut } = setup();
    const events = await wrapped(sut, 'user-1');
    const next = events.next();
    // The room channel is subscribed on the first next(): publish once that has happened.
    await Promise.resolve();
    await sut.publishRoomUpdated(room);
    expect(await next).toEqual({ done: false, value: { roomUpdated: room } });
    await events.return!();
  });

  it("ends a waiting iterator when its user's removal arrives, and lets go of both channels", async () => {
    const { sut, listeners } = setup();
    const events = await wrapped(sut, 'user-1');
    const next = events.next();
    await sut.publishParticipantRemoved(ROOM_ID, 'user-1');
    expect(await next).toEqual({ done: true, value: undefined });
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(listeners(`participantRemoved:${ROOM_ID}`)).toBe(0);
    expect(listeners(`roomUpdated:${ROOM_ID}`)).toBe(0);
  });

  it("ignores another user's removal", async () => {
    const { sut } = setup();
    const events = await wrapped(sut, 'user-1');
    await sut.publishParticipantRemoved(ROOM_ID, 'user-2');
    const next = events.next();
    await Promise.resolve();
    await sut.publishRoomUpdated(room);
    expect((await next).done).toBe(false);
    await events.return!();
  });

  it('stops listening for removals when the client unsubscribes', async () => {
    const { sut, listeners } = setup();
    const events = await wrapped(sut, 'user-1');
    expect(listeners(`participantRemoved:${ROOM_ID}`)).toBe(1);
    expect(await events.return!()).toEqual({ done: true, value: undefined });
    expect(listeners(`participantRemoved:${ROOM_ID}`)).toBe(0);
  });

  it('listens for removals before the participation check, and lets go when the check fails', async () => {
    const { sut, listeners } = setup();
    const seen: number[] = [];
    const refused = new Error('not a participant');
    const subscribing = sut.forParticipant(ROOM_ID, 'user-1', sut.roomUpdates(ROOM_ID), () => {
      seen.push(listeners(`participantRemoved:${ROOM_ID}`));
      return Promise.reject(refused);
    });
    await expect(subscribing).rejects.toBe(refused);
    expect(seen).toEqual([1]);
    expect(listeners(`participantRemoved:${ROOM_ID}`)).toBe(0);
  });

  it('counts the user present in the room for as long as one of their subscriptions lives', async () => {
    const { sut, presence } = setup();
    const changes: string[] = [];
    presence.onChange((roomId) => {
      changes.push(roomId);
      return Promise.resolve();
    });
    const active = async () => [...(await presence.activeUserIds(ROOM_ID))];
    const first = await wrapped(sut, 'user-1');
    const second = await wrapped(sut, 'user-1');
    await eventually(async () => (await active()).length === 1);
    expect(await active()).toEqual(['user-1']);
    await first.return!();
    expect(await active()).toEqual(['user-1']);
    await second.return!();
    await eventually(async () => (await active()).length === 0);
    // One change when the user came, one when their last subscription went.
    expect(changes).toEqual([ROOM_ID, ROOM_ID]);
  });
});
