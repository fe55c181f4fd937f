import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Room } from '../rooms/room.entity.js';
import type { VoteUpdateModel } from '../votes/models/vote-update.model.js';
import { Channels } from './channels.js';
import { PUB_SUB } from './realtime.constants.js';

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
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

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
}
