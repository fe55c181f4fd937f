import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { PlaybackModel } from '../playback/models/playback.model.js';
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

export interface PlaybackUpdatedEvent {
  playbackUpdated: PlaybackModel;
}

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

  publishPlaybackUpdated(roomId: string, playback: PlaybackModel): Promise<void> {
    return this.pubSub.publish(Channels.playbackUpdated(roomId), {
      playbackUpdated: playback,
    } satisfies PlaybackUpdatedEvent);
  }

  playbackUpdates(roomId: string): AsyncIterableIterator<PlaybackUpdatedEvent> {
    return this.pubSub.asyncIterableIterator<PlaybackUpdatedEvent>(
      Channels.playbackUpdated(roomId),
    );
  }

  voteUpdates(roomId: string): AsyncIterableIterator<VoteUpdatedEvent> {
    return this.pubSub.asyncIterableIterator<VoteUpdatedEvent>(Channels.voteUpdated(roomId));
  }

  roomUpdates(roomId: string): AsyncIterableIterator<RoomUpdatedEvent> {
    return this.pubSub.asyncIterableIterator<RoomUpdatedEvent>(Channels.roomUpdated(roomId));
  }
}
