import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Room } from '../rooms/room.entity.js';
import type { VoteUpdateModel } from '../votes/models/vote-update.model.js';
import { Channels } from './channels.js';
import { PUB_SUB } from './realtime.constants.js';
import { redisConnections } from './redis-connection.js';
import type { Redis } from 'ioredis';

/** userRevoked and userUpdated, instance-wide: the account whose cached copies must go. */
export interface UserRevokedEvent {
  userId: string;
}

export interface VoteUpdatedEvent {
  voteUpdated: VoteUpdateModel;
}

export interface RoomUpdatedEvent {
  roomUpdated: Room;
}

export interface ParticipantRemovedEvent {
  userId: string;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The room's live events, typed: services publish after their write has committed, resolvers
 * subscribe. The only place that knows channel names and the shape of each event.
 */
@Injectable()
export class RoomEventsService {
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
    return this.pubSub.publish(Channels.userRevoked, { userId } satisfies UserRevokedEvent);
  }

  /** After a profile change has committed: every instance drops its cached copy of the user. */
  publishUserUpdated(userId: string): Promise<void> {
    return this.pubSub.publish(Channels.userUpdated, { userId } satisfies UserRevokedEvent);
  }

  /** `handler` with the user id on every userUpdated and userRevoked event. */
  onUserChanged(handler: (userId: string) => void): Promise<number[]> {
    const listener = (event: UserRevokedEvent) => handler(event.userId);
    return Promise.all([
      this.pubSub.subscribe(Channels.userUpdated, listener, {}),
      this.pubSub.subscribe(Channels.userRevoked, listener, {}),
    ]);
  }

  onUserRevoked(handler: (userId: string) => void): Promise<number> {
    return this.pubSub.subscribe(
      Channels.userRevoked,
      (event: UserRevokedEvent) => handler(event.userId),
      {},
    );
  }

  publishVoteUpdated(roomId: string, update: VoteUpdateModel): Promise<void> {
    return this.pubSub.publish(Channels.voteUpdated(roomId), {
      voteUpdated: update,
    } satisfies VoteUpdatedEvent);
  }

  publishRoomUpdated(room: Room): Promise<void> {
    return this.pubSub.publish(Channels.roomUpdated(room.id), {
      roomUpdated: room,
    } satisfies RoomUpdatedEvent);
  }

  /** After a leave or a removal has committed: ends that user's subscriptions to the room. */
  publishParticipantRemoved(roomId: string, userId: string): Promise<void> {
    return this.pubSub.publish(Channels.participantRemoved(roomId), {
      userId,
    } satisfies ParticipantRemovedEvent);
  }

  voteUpdates(roomId: string): AsyncIterableIterator<VoteUpdatedEvent> {
    return this.pubSub.asyncIterableIterator<VoteUpdatedEvent>(Channels.voteUpdated(roomId));
  }

  roomUpdates(roomId: string): AsyncIterableIterator<RoomUpdatedEvent> {
    return this.pubSub.asyncIterableIterator<RoomUpdatedEvent>(Channels.roomUpdated(roomId));
  }

  /**
   * `events` for as long as `userId` takes part in the room: the iterator ends (the client sees
   * the subscription complete) as soon as the user leaves or is removed, whichever instance did it.
   * Every subscription resolver of a room wraps its events with this.
   *
   * `confirmParticipant` runs once this instance listens for removals and must throw when the user
   * is not (or no longer) a participant: checked in that order, a removal committed while the
   * subscription starts cannot slip through between the check and the listening.
   */
  async forParticipant<T>(
    roomId: string,
    userId: string,
    events: AsyncIterableIterator<T>,
    confirmParticipant: () => Promise<unknown>,
  ): Promise<AsyncIterableIterator<T>> {
    let signalRemoved!: () => void;
    const removed = new Promise<IteratorReturnResult<undefined>>((resolve) => {
      signalRemoved = () => resolve(DONE);
    });
    const subscriptionId = await this.pubSub.subscribe(
      Channels.participantRemoved(roomId),
      (event: ParticipantRemovedEvent) => {
        if (event.userId === userId) signalRemoved();
      },
      {},
    );
    let finished = false;
    const finish = async (): Promise<void> => {
      if (finished) return;
      finished = true;
      this.pubSub.unsubscribe(subscriptionId);
      signalRemoved();
      await events.return?.();
    };
    try {
      await confirmParticipant();
    } catch (error) {
      await finish();
      throw error;
    }
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        if (finished) return DONE;
        const result = await Promise.race([events.next(), removed]);
        if (result.done) await finish();
        return result;
      },
      return: async () => {
        await finish();
        return DONE;
      },
      throw: async (error: unknown) => {
        await finish();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
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
