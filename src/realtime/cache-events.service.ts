import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import { Channels } from './channels.js';
import { PUB_SUB } from './realtime.constants.js';
import { redisConnections } from './redis-connection.js';

/** userRevoked and userUpdated, instance-wide: the account whose cached copies must go. */
export interface UserChangedEvent {
  userId: string;
}

/**
 * The events that keep each instance's caches current (revoked accounts, accounts, active
 * participations), and whether this instance hears every event right now. Room events themselves
 * are RoomEventsService's; this listens to two of them (roomUpdated, participantRemoved) as
 * invalidations, and owns the instance-wide userRevoked and userUpdated.
 */
@Injectable()
export class CacheEventsService {
  /** The Redis connection that receives other instances' events; null with in-memory pub/sub. */
  private readonly subscriber: Redis | null;

  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {
    this.subscriber =
      redisConnections(null, pubSub).find(({ role }) => role === 'subscriber')?.client ?? null;
  }

  /**
   * Whether events published by other instances reach this one right now: always with in-memory
   * pub/sub (there are no others), with Redis while the subscriber connection is up. A cache kept
   * current by events must not be trusted while this is false.
   */
  receivesEveryEvent(): boolean {
    return this.subscriber === null || this.subscriber.status === 'ready';
  }

  /**
   * Calls `lost` when the subscriber connection drops (events may be missed from then on) and
   * `restored` each time it is back, so a cache kept by events can reload what it missed.
   */
  onConnectivity(handlers: { lost: () => void; restored: () => void }): void {
    this.subscriber?.on('close', handlers.lost);
    this.subscriber?.on('ready', handlers.restored);
  }

  /** After a ban has committed: every instance refuses the account's sessions. */
  publishUserRevoked(userId: string): Promise<void> {
    return this.pubSub.publish(Channels.userRevoked, { userId } satisfies UserChangedEvent);
  }

  /** After a profile change has committed: every instance drops its cached copy of the user. */
  publishUserUpdated(userId: string): Promise<void> {
    return this.pubSub.publish(Channels.userUpdated, { userId } satisfies UserChangedEvent);
  }

  onUserRevoked(handler: (userId: string) => void): Promise<number> {
    return this.pubSub.subscribe(
      Channels.userRevoked,
      (event: UserChangedEvent) => handler(event.userId),
      {},
    );
  }

  /** `handler` with the user id on every userUpdated and userRevoked event. */
  onUserChanged(handler: (userId: string) => void): Promise<number[]> {
    const listener = (event: UserChangedEvent) => handler(event.userId);
    return Promise.all([
      this.pubSub.subscribe(Channels.userUpdated, listener, {}),
      this.pubSub.subscribe(Channels.userRevoked, listener, {}),
    ]);
  }

  /**
   * Calls `handler` on every roomUpdated and participantRemoved event of the room, from whichever
   * instance; resolves with the subscription ids once listening (for `unsubscribe`).
   */
  onRoomChanged(roomId: string, handler: () => void): Promise<number[]> {
    return Promise.all([
      this.pubSub.subscribe(Channels.roomUpdated(roomId), handler, {}),
      this.pubSub.subscribe(Channels.participantRemoved(roomId), handler, {}),
    ]);
  }

  unsubscribe(subscriptionIds: readonly number[]): void {
    for (const id of subscriptionIds) this.pubSub.unsubscribe(id);
  }
}
