import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Channels } from '../pubsub/channels.js';
import { PUB_SUB } from '../pubsub/pubsub.constants.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import { Room } from '../rooms/room.entity.js';
import { RoomsError, RoomsException } from '../rooms/rooms.exception.js';
import { RoomsService } from '../rooms/rooms.service.js';
import type { VoteInput } from './dto/vote.input.js';
import type { VoteResultModel } from './models/vote-result.model.js';
import type { VoteUpdateModel } from './models/vote-update.model.js';
import { RoomTrack } from './room-track.entity.js';
import { RoomTracksService } from './room-tracks.service.js';
import { TrackStatus } from './track-status.enum.js';
import { Vote } from './vote.entity.js';

export const VOTE_REGISTERED = 'vote_registered';

export interface VoteUpdatedEvent {
  voteUpdated: VoteUpdateModel;
}

interface Tally {
  track: RoomTrack;
  likeThreshold: number;
  thresholdReached: boolean;
  seq: number;
}

/**
 * Where votes are counted. One transaction per vote:
 *  1. bump the room's vote sequence — on PostgreSQL this row lock orders the votes of one room
 *     (and refuses a vote if the room closed meanwhile); SQLite runs transactions one at a time;
 *  2. add the track to the room if it is new;
 *  3. insert or replace the caller's vote (unique per track and user) and move the tally by the
 *     difference, so a repeated vote changes nothing and a changed vote moves one count over;
 *  4. promote the track to READY with a conditional UPDATE (`status = QUEUED AND likes >= threshold`):
 *     exactly one vote can match it, and that vote alone reports `thresholdReached`.
 * The update is published after the commit, with everything subscribers need.
 */
@Injectable()
export class VotesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  async vote(caller: AuthUser, input: VoteInput): Promise<VoteResultModel> {
    const room = await this.rooms.getOpenForParticipant(input.code, caller);
    const tally = await this.transactions.run((manager) =>
      this.countVote(manager, room, caller.id, input.trackUri, input.isLike),
    );
    const [model] = await this.roomTracks.toModels([tally.track], caller.id, room.hostId);
    const play = tally.track.likes >= tally.likeThreshold;
    await this.pubSub.publish(Channels.voteUpdated(room.id), {
      voteUpdated: {
        roomCode: room.code,
        trackUri: tally.track.uri,
        likes: tally.track.likes,
        dislikes: tally.track.dislikes,
        likeThreshold: tally.likeThreshold,
        play,
        thresholdReached: tally.thresholdReached,
        track: model.track,
        at: new Date(),
        seq: tally.seq,
      },
    } satisfies VoteUpdatedEvent);
    return {
      status: VOTE_REGISTERED,
      trackUri: tally.track.uri,
      likes: tally.track.likes,
      dislikes: tally.track.dislikes,
      likeThreshold: tally.likeThreshold,
      play,
      thresholdReached: tally.thresholdReached,
      track: model,
    };
  }

  private async countVote(
    manager: EntityManager,
    room: Room,
    userId: string,
    uri: string,
    isLike: boolean,
  ): Promise<Tally> {
    const bumped = await manager
      .createQueryBuilder()
      .update(Room)
      .set({ voteSeq: () => '"voteSeq" + 1' })
      .where('id = :id AND status = :open', { id: room.id, open: RoomStatus.OPEN })
      .execute();
    if (bumped.affected === 0) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const { voteSeq, likeThreshold } = await manager.findOneOrFail(Room, {
      select: { id: true, voteSeq: true, likeThreshold: true },
      where: { id: room.id },
    });

    await manager
      .createQueryBuilder()
      .insert()
      .into(RoomTrack)
      .values({
        roomId: room.id,
        uri,
        addedById: userId,
        status: TrackStatus.QUEUED,
        addedAt: new Date(),
      })
      .orIgnore()
      .execute();
    const track = await manager.findOneByOrFail(RoomTrack, { roomId: room.id, uri });

    const previous = await manager.findOneBy(Vote, { roomTrackId: track.id, userId });
    let likesDelta = 0;
    let dislikesDelta = 0;
    if (!previous) {
      await manager.insert(Vote, { roomTrackId: track.id, userId, isLike });
      if (isLike) likesDelta = 1;
      else dislikesDelta = 1;
    } else if (previous.isLike !== isLike) {
      await manager.update(Vote, { id: previous.id }, { isLike });
      likesDelta = isLike ? 1 : -1;
      dislikesDelta = -likesDelta;
    }
    if (likesDelta !== 0 || dislikesDelta !== 0) {
      await manager
        .createQueryBuilder()
        .update(RoomTrack)
        .set({
          likes: () => `"likes" + ${likesDelta}`,
          dislikes: () => `"dislikes" + ${dislikesDelta}`,
        })
        .where('id = :id', { id: track.id })
        .execute();
    }

    const promoted = await manager
      .createQueryBuilder()
      .update(RoomTrack)
      .set({ status: TrackStatus.READY, thresholdReachedAt: new Date() })
      .where('id = :id AND status = :queued AND likes >= :threshold', {
        id: track.id,
        queued: TrackStatus.QUEUED,
        threshold: likeThreshold,
      })
      .execute();

    return {
      track: await manager.findOneByOrFail(RoomTrack, { id: track.id }),
      likeThreshold,
      thresholdReached: promoted.affected === 1,
      seq: voteSeq,
    };
  }
}
