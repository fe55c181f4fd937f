import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { In, Repository, type EntityManager } from 'typeorm';
import { sqlFor } from '../database/sql-dialect.js';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import { Room } from '../rooms/room.entity.js';
import { RoomsError, RoomsException } from '../rooms/rooms.exception.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyTrackMetadataService } from '../spotify/spotify-track-metadata.service.js';
import { SpotifyTracksService } from '../spotify/spotify-tracks.service.js';
import type { VoteInput } from './dto/vote.input.js';
import type { VoteResultModel } from './models/vote-result.model.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { RoomTracksService } from '../tracks/room-tracks.service.js';
import { toTrackModel } from '../tracks/track.mapper.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import { Vote } from './vote.entity.js';

export const VOTE_REGISTERED = 'vote_registered';

interface RoomTrackRow {
  id: string;
  roomId: string;
  uri: string;
  likes: number;
  dislikes: number;
  status: TrackStatus;
  addedById: string | null;
  addedAt: unknown;
  thresholdReachedAt: unknown;
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
  /** Per request (the key object) and caller: one query for the votes of every track listed. */
  private readonly myVoteLoaders = new WeakMap<
    object,
    Map<string, DataLoader<string, boolean | null>>
  >();

  constructor(
    @InjectRepository(Vote) private readonly votes: Repository<Vote>,
    private readonly transactions: TransactionRunner,
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    private readonly spotifyTracks: SpotifyTracksService,
    private readonly trackMetadata: SpotifyTrackMetadataService,
    private readonly events: RoomEventsService,
    private readonly metrics: MetricsService,
  ) {}

  async vote(caller: AuthUser, input: VoteInput): Promise<VoteResultModel> {
    const [room, metadata] = await Promise.all([
      this.rooms.getOpenForParticipant(input.code, caller),
      this.spotifyTracks.findOne(input.trackUri),
    ]);
    await this.roomTracks.assertNotRemoved(room.id, input.trackUri);
    const tally = await this.transactions.run((manager) =>
      this.countVote(manager, room, caller.id, input.trackUri, input.isLike),
    );
    this.metrics.voteCounted(input.isLike);
    // The seed API's fields, shared by the vote's answer and the pushed update.
    const counts = {
      trackUri: tally.track.uri,
      likes: tally.track.likes,
      dislikes: tally.track.dislikes,
      likeThreshold: tally.likeThreshold,
      play: tally.track.likes >= tally.likeThreshold,
      thresholdReached: tally.thresholdReached,
    };
    // Published before anything else is awaited, so updates leave in commit order.
    const published = this.events.publishVoteUpdated(room.id, {
      roomCode: room.code,
      ...counts,
      track: toTrackModel(metadata),
      at: new Date(),
      seq: tally.seq,
    });
    // A vote never waits for Spotify: unknown metadata is fetched in the background.
    if (!metadata) void this.trackMetadata.ensure(tally.track.uri, room.hostId);
    const [model] = await this.roomTracks.toModels(
      [tally.track],
      new Map(metadata ? [[metadata.uri, metadata]] : []),
    );
    await published;
    return { status: VOTE_REGISTERED, ...counts, track: { ...model, myVote: input.isLike } };
  }

  /** The caller's vote on a track (true like, false dislike, null none), batched per request. */
  myVote(request: object, userId: string, roomTrackId: string): Promise<boolean | null> {
    let byUser = this.myVoteLoaders.get(request);
    if (!byUser) {
      byUser = new Map();
      this.myVoteLoaders.set(request, byUser);
    }
    let loader = byUser.get(userId);
    if (!loader) {
      // No cache: a subscription's context lives as long as its socket, and votes change.
      loader = new DataLoader(
        async (trackIds: readonly string[]) => {
          const votes = await this.votes.findBy({ userId, roomTrackId: In([...trackIds]) });
          const byTrack = new Map(votes.map((v) => [v.roomTrackId, v.isLike]));
          return trackIds.map((id) => byTrack.get(id) ?? null);
        },
        { cache: false },
      );
      byUser.set(userId, loader);
    }
    return loader.load(roomTrackId);
  }

  private async countVote(
    manager: EntityManager,
    room: Room,
    userId: string,
    uri: string,
    isLike: boolean,
  ): Promise<Tally> {
    // Plain SQL on this path: it runs once per vote, inside the room's lock.
    const sql = sqlFor(this.transactions.kind);
    const [counter] = await sql.returning<{ voteSeq: number; likeThreshold: number }>(
      manager,
      `UPDATE "rooms" SET "voteSeq" = "voteSeq" + 1 WHERE "id" = ? AND "status" = ?
       RETURNING "voteSeq", "likeThreshold"`,
      [room.id, RoomStatus.OPEN],
    );
    if (!counter) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const { voteSeq, likeThreshold } = counter;

    // Adds the track on its first vote; either way returns its row (the no-op update makes
    // RETURNING answer for an existing row too).
    const [row] = await sql.returning<RoomTrackRow>(
      manager,
      `INSERT INTO "room_tracks" ("id", "roomId", "uri", "addedById", "status", "addedAt")
       VALUES (?, ?, ?, ?, ?, ${sql.now})
       ON CONFLICT ("roomId", "uri") DO UPDATE SET "uri" = excluded."uri"
       RETURNING "id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt",
                 "thresholdReachedAt"`,
      [randomUUID(), room.id, uri, userId, TrackStatus.QUEUED],
    );
    const track = Object.assign(new RoomTrack(), {
      ...row,
      addedAt: sql.date(row.addedAt),
      thresholdReachedAt: row.thresholdReachedAt ? sql.date(row.thresholdReachedAt) : null,
    });

    const [previous] = await sql.rows<{ id: string; isLike: boolean | number }>(
      manager,
      'SELECT "id", "isLike" FROM "votes" WHERE "roomTrackId" = ? AND "userId" = ?',
      [track.id, userId],
    );
    let likesDelta = 0;
    let dislikesDelta = 0;
    if (!previous) {
      await sql.run(
        manager,
        `INSERT INTO "votes" ("id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ${sql.now}, ${sql.now})`,
        [randomUUID(), track.id, userId, sql.bool(isLike)],
      );
      if (isLike) likesDelta = 1;
      else dislikesDelta = 1;
    } else if (Boolean(previous.isLike) !== isLike) {
      await sql.run(
        manager,
        `UPDATE "votes" SET "isLike" = ?, "updatedAt" = ${sql.now} WHERE "id" = ?`,
        [sql.bool(isLike), previous.id],
      );
      likesDelta = isLike ? 1 : -1;
      dislikesDelta = -likesDelta;
    }
    if (likesDelta !== 0 || dislikesDelta !== 0) {
      await sql.run(
        manager,
        'UPDATE "room_tracks" SET "likes" = "likes" + ?, "dislikes" = "dislikes" + ? WHERE "id" = ?',
        [likesDelta, dislikesDelta, track.id],
      );
      track.likes += likesDelta;
      track.dislikes += dislikesDelta;
    }

    // The exactly-once step: only one UPDATE can move this row from QUEUED to READY.
    const promoted = await sql.run(
      manager,
      `UPDATE "room_tracks" SET "status" = ?, "thresholdReachedAt" = ${sql.now}
       WHERE "id" = ? AND "status" = ? AND "likes" >= ?`,
      [TrackStatus.READY, track.id, TrackStatus.QUEUED, likeThreshold],
    );
    const thresholdReached = promoted.affected === 1;
    if (thresholdReached) track.status = TrackStatus.READY;

    return { track, likeThreshold, thresholdReached, seq: voteSeq };
  }
}
