import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { isPushable, PUSH_EVENTS, type PushableEvents } from '../common/push-events.js';
import type { SqlWrite } from '../database/raw-sql.js';
import type { PlaybackModel } from '../playback/models/playback.model.js';
import type { EntityManager } from 'typeorm';
import type { Room } from '../rooms/room.entity.js';
import type { VoteUpdateModel } from '../votes/models/vote-update.model.js';
import { ChannelEvents } from './channel-events.js';
import { Channels } from './channels.js';
import { PresenceService } from './presence/presence.service.js';
import { PUB_SUB } from './realtime.constants.js';
import { RealtimeError, RealtimeException } from './realtime.exception.js';
import { RoomEventLog } from './room-event-log.service.js';
import { ResumedEvents } from './resumed-events.js';

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

export interface PlaybackUpdatedEvent {
  playbackUpdated: PlaybackModel;
}

/**
 * The room's events, typed: services record an update in the transaction that made it and
 * publish it after the commit; resolvers subscribe, live or resuming after a seq. The only place
 * that knows channel names and the shape of each event.
 */
@Injectable()
export class RoomEventsService {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly log: RoomEventLog,
    private readonly presence: PresenceService,
  ) {}

  /**
   * Keeps the room's vote updates (in seq order) for subscribers that resume, in one statement;
   * call it inside the votes' transaction.
   */
  recordVoteUpdates(
    manager: EntityManager,
    roomId: string,
    updates: readonly VoteUpdateModel[],
  ): Promise<void> {
    return this.log.append(manager, roomId, this.logEntries(updates));
  }

  /** The statement recordVoteUpdates sends, for a caller that sends it with its own writes. */
  voteUpdatesWrite(roomId: string, updates: readonly VoteUpdateModel[]): SqlWrite | null {
    return this.log.appendWrite(roomId, this.logEntries(updates));
  }

  private logEntries(updates: readonly VoteUpdateModel[]) {
    return updates.map((update) => ({
      seq: update.seq,
      event: this.voteUpdatedEvent(update),
      at: update.at,
    }));
  }

  publishVoteUpdated(roomId: string, update: VoteUpdateModel): Promise<void> {
    return this.pubSub.publish(Channels.voteUpdated(roomId), this.voteUpdatedEvent(update));
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

  publishPlaybackUpdated(roomId: string, playback: PlaybackModel): Promise<void> {
    return this.pubSub.publish(Channels.playbackUpdated(roomId), {
      playbackUpdated: playback,
    } satisfies PlaybackUpdatedEvent);
  }

  playbackUpdates(roomId: string): AsyncIterableIterator<PlaybackUpdatedEvent> {
    return new ChannelEvents<PlaybackUpdatedEvent>(this.pubSub, Channels.playbackUpdated(roomId));
  }

  voteUpdates(roomId: string): AsyncIterableIterator<VoteUpdatedEvent> {
    return new ChannelEvents<VoteUpdatedEvent>(this.pubSub, Channels.voteUpdated(roomId));
  }

  /**
   * The room's updates with a seq above `afterSeq`: those kept in the log, then the live ones,
   * each once and in order. `latestSeq` is the room's seq as read before subscribing.
   */
  async voteUpdatesAfter(
    roomId: string,
    afterSeq: number,
    latestSeq: number,
  ): Promise<AsyncIterableIterator<VoteUpdatedEvent>> {
    if (afterSeq < 0 || afterSeq > latestSeq) {
      throw new RealtimeException(
        RealtimeError.AFTER_SEQ_OUT_OF_RANGE,
        `afterSeq must be between 0 and the room's latest seq (${latestSeq})`,
      );
    }
    const read = (after: number, before: number | undefined, limit: number) =>
      this.log.read<VoteUpdatedEvent>(roomId, after, { beforeSeq: before, limit });
    let stream: ResumedEvents<VoteUpdatedEvent> | undefined;
    const early: VoteUpdatedEvent[] = [];
    // Live first, so nothing committed while the log is read can slip between the two.
    const subscription = await this.pubSub.subscribe(
      Channels.voteUpdated(roomId),
      (event: VoteUpdatedEvent) => {
        if (stream) stream.push(event);
        else early.push(event);
      },
      {},
    );
    const close = () => this.pubSub.unsubscribe(subscription) as void;
    try {
      const first = await read(afterSeq, undefined, ResumedEvents.batchSize);
      // The log must hold afterSeq + 1 if the room got that far: otherwise it was pruned.
      const expired = first.length > 0 ? first[0].seq !== afterSeq + 1 : afterSeq < latestSeq;
      if (expired) throw new RealtimeException(RealtimeError.HISTORY_EXPIRED);
      stream = new ResumedEvents(
        { read, seqOf: (event) => event.voteUpdated.seq, close },
        afterSeq,
        first,
      );
    } catch (error) {
      close();
      throw error;
    }
    for (const event of early) stream.push(event);
    return stream;
  }

  roomUpdates(roomId: string): AsyncIterableIterator<RoomUpdatedEvent> {
    return new ChannelEvents<RoomUpdatedEvent>(this.pubSub, Channels.roomUpdated(roomId));
  }

  /**
   * `events` for as long as `userId` takes part in the room: the iterator ends (the client sees
   * the subscription complete) as soon as the user leaves or is removed, whichever instance did it.
   * Every subscription resolver of a room wraps its events with this; while it runs, the user
   * counts as present in the room (PresenceService).
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
    let finished = false;
    let leavePresence = (): void => undefined;
    const finish = async (): Promise<void> => {
      if (finished) return;
      finished = true;
      this.pubSub.unsubscribe(subscriptionId);
      leavePresence();
      await events.return?.();
    };
    const subscriptionId = await this.pubSub.subscribe(
      Channels.participantRemoved(roomId),
      (event: ParticipantRemovedEvent) => {
        if (event.userId === userId) void finish();
      },
      {},
    );
    try {
      await confirmParticipant();
    } catch (error) {
      await finish();
      throw error;
    }
    // A live subscription keeps the user active in the room for as long as it lasts.
    leavePresence = this.presence.enter(roomId, userId);
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        if (finished) return DONE;
        // A removal ends `events`, which settles this pending next() with done (ChannelEvents and
        // ResumedEvents both do). Racing each next() against one long-lived "removed" promise
        // instead would leave a reaction on it per event, for the subscription's life.
        const result = await events.next();
        if (finished) return DONE;
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
    if (!isPushable(events)) return iterator;
    // Pushed events pass straight through; their end (a removal, return()) ends the subscription.
    const pushable = iterator as PushableEvents<T>;
    pushable[PUSH_EVENTS] = (sink) =>
      events[PUSH_EVENTS]({
        next: (event) => {
          if (!finished) sink.next(event);
        },
        end: () => {
          void finish();
          sink.end();
        },
        fail: (error) => {
          void finish();
          sink.fail(error);
        },
      });
    return pushable;
  }

  private voteUpdatedEvent(update: VoteUpdateModel): VoteUpdatedEvent {
    return { voteUpdated: update };
  }
}
