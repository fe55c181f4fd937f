import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, MoreThanOrEqual, Repository, type EntityManager } from 'typeorm';
import { SqlDialect } from '../database/sql-dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { crowdLikeThreshold, likeThresholdInForce } from '../rooms/like-threshold.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import { Room } from '../rooms/room.entity.js';
import { RoomsError, RoomsException } from '../rooms/rooms.exception.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { TracksError, TracksException } from '../tracks/tracks.exception.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import type { VoteUpdateModel } from './models/vote-update.model.js';
import { Vote } from './vote.entity.js';

export interface CastVote {
  roomId: string;
  userId: string;
  trackUri: string;
  isLike: boolean;
  /** The voter's fair share (Room.maxQueuedPerParticipant), null when none applies. */
  queueLimit?: number | null;
}

export interface VoteCount {
  /** The track with its tally right after this vote. */
  track: RoomTrack;
  likeThreshold: number;
  /** True for the one vote that moved the track from QUEUED to READY. */
  thresholdReached: boolean;
  /** True for the one dislike that brought the PLAYING track to the room's skipThreshold. */
  skipped: boolean;
  /** This vote's position in the room's commit order. */
  seq: number;
  /** When the vote was counted: every timestamp it wrote. */
  at: Date;
}

export interface ThresholdApplied {
  /** The room as it is after this change. */
  room: Room;
  /** The threshold in force now. */
  likeThreshold: number;
  /** Whether the crowd's threshold moved. */
  changed: boolean;
  /** One per promoted track, in seq order. */
  updates: VoteUpdateModel[];
}

/**
 * Where votes are counted. One transaction per vote, in plain SQL (it runs once per vote, inside
 * the room's lock):
 *  1. bump the room's vote sequence; on PostgreSQL this row lock orders the votes of one room
 *     (and refuses a vote if the room closed meanwhile); SQLite runs transactions one at a time;
 *  2. read the track through TypeORM, with the room's threshold and sequence and the caller's
 *     earlier vote, in one query; a track new to the room is added first (within the voter's
 *     fair share) and read then; a REMOVED track refuses the vote;
 *  3. insert or replace the caller's vote (unique per track and user) and move the tally by the
 *     difference, so a repeated vote changes nothing and a changed vote moves one count over;
 *  4. promote the track to READY with a conditional UPDATE (`status = QUEUED AND likes >= threshold`):
 *     exactly one vote can match it, and that vote alone reports `thresholdReached`;
 *  5. on a dislike of the PLAYING track, skip it the same way (`status = PLAYING AND dislikes >=
 *     skipThreshold`): one vote alone reports `skipped`, and the playback module moves on after;
 *  6. record the update the vote publishes in the room's event log, for subscribers that resume.
 */
@Injectable()
export class VotesRepository {
  constructor(
    @InjectRepository(Vote) private readonly votes: Repository<Vote>,
    private readonly transactions: TransactionRunner,
    private readonly dialect: SqlDialect,
    private readonly events: RoomEventsService,
  ) {}

  /** Counts the vote and records the update `describe` makes of it, in one transaction. */
  count(
    vote: CastVote,
    describe: (count: VoteCount) => VoteUpdateModel,
  ): Promise<{ count: VoteCount; update: VoteUpdateModel }> {
    return this.transactions.run(async (manager) => {
      const count = await this.countIn(manager, vote, new Date());
      const update = describe(count);
      await this.events.recordVoteUpdated(manager, vote.roomId, update);
      return { count, update };
    });
  }

  /**
   * Brings the room's like threshold in force up to date, in one transaction under the room's
   * lock (as votes take it): with likeShare, the crowd's threshold for the participants active
   * now (`countActive`, read under the lock, so the last to run counts the latest presence);
   * then every QUEUED track that reaches the threshold becomes READY, each exactly once (the
   * same conditional UPDATE as a vote's), each with its own seq and its update recorded in the
   * event log. Raising the threshold demotes nothing. Answers nothing for a room that is not open.
   */
  applyThreshold(
    roomId: string,
    countActive: (manager: EntityManager) => Promise<number>,
    describe: (room: Room, promotions: VoteCount[]) => Promise<VoteUpdateModel[]>,
  ): Promise<ThresholdApplied | null> {
    return this.transactions.run(async (manager) => {
      const locked = await this.execute(
        manager,
        'UPDATE "rooms" SET "voteSeq" = "voteSeq" WHERE "id" = ? AND "status" = ?',
        [roomId, RoomStatus.OPEN],
      );
      if (locked === 0) return null;
      const room = await manager.findOneByOrFail(Room, { id: roomId });
      const crowd =
        room.likeShare === null
          ? null
          : crowdLikeThreshold(room.likeShare, await countActive(manager));
      const changed = crowd !== room.crowdLikeThreshold;
      if (changed) {
        await this.execute(manager, 'UPDATE "rooms" SET "crowdLikeThreshold" = ? WHERE "id" = ?', [
          crowd,
          roomId,
        ]);
        room.crowdLikeThreshold = crowd;
      }
      const likeThreshold = likeThresholdInForce(room);
      // Most liked first; each promotion is 1 ms after the one before, so the queue (first to
      // reach the threshold first) plays them in the order their updates were numbered.
      const reaching = await manager.find(RoomTrack, {
        where: { roomId, status: TrackStatus.QUEUED, likes: MoreThanOrEqual(likeThreshold) },
        order: { likes: 'DESC', addedAt: 'ASC', id: 'ASC' },
      });
      const promotions: VoteCount[] = [];
      const start = Date.now();
      for (const track of reaching) {
        const at = new Date(start + promotions.length);
        if (!(await this.promote(manager, track, likeThreshold, at))) continue;
        const seq = room.voteSeq + promotions.length + 1;
        promotions.push({ track, likeThreshold, thresholdReached: true, skipped: false, seq, at });
      }
      const updates = await describe(room, promotions);
      if (promotions.length > 0) {
        await this.execute(manager, 'UPDATE "rooms" SET "voteSeq" = ? WHERE "id" = ?', [
          room.voteSeq + promotions.length,
          roomId,
        ]);
        room.voteSeq += promotions.length;
        for (const update of updates) await this.events.recordVoteUpdated(manager, roomId, update);
      }
      return { room, likeThreshold, changed, updates };
    });
  }

  /** The user's votes on these tracks. */
  findByUser(userId: string, roomTrackIds: readonly string[]): Promise<Vote[]> {
    return this.votes.findBy({ userId, roomTrackId: In([...roomTrackIds]) });
  }

  private async countIn(
    manager: EntityManager,
    { roomId, userId, trackUri, isLike, queueLimit }: CastVote,
    at: Date,
  ): Promise<VoteCount> {
    const now = this.dialect.timestamp(at);
    const opened = await this.execute(
      manager,
      'UPDATE "rooms" SET "voteSeq" = "voteSeq" + 1 WHERE "id" = ? AND "status" = ?',
      [roomId, RoomStatus.OPEN],
    );
    if (opened === 0) throw new RoomsException(RoomsError.ROOM_CLOSED);

    // One round trip for the track, the room's seq and threshold, and the caller's earlier vote;
    // a track new to the room is added first (within the voter's fair share) and read then.
    const found =
      (await this.findTrackWithVote(manager, roomId, trackUri, userId)) ??
      (await this.addTrack(manager, { roomId, userId, trackUri, queueLimit }, now));
    const { room, previousVote: previous, ...columns } = found;
    const track = Object.assign(new RoomTrack(), columns);
    // A track the host removed takes no more votes (throwing rolls the seq back).
    if (track.status === TrackStatus.REMOVED) throw new TracksException(TracksError.TRACK_REMOVED);
    const { voteSeq: seq, skipThreshold } = room!;
    const likeThreshold = likeThresholdInForce(room!);

    let likesDelta = 0;
    let dislikesDelta = 0;
    if (!previous) {
      await this.execute(
        manager,
        'INSERT INTO "votes" ("id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt") ' +
          'VALUES (?, ?, ?, ?, ?, ?)',
        [randomUUID(), track.id, userId, this.dialect.bool(isLike), now, now],
      );
      if (isLike) likesDelta = 1;
      else dislikesDelta = 1;
    } else if (previous.isLike !== isLike) {
      await this.execute(
        manager,
        'UPDATE "votes" SET "isLike" = ?, "updatedAt" = ? WHERE "id" = ?',
        [this.dialect.bool(isLike), now, previous.id],
      );
      likesDelta = isLike ? 1 : -1;
      dislikesDelta = -likesDelta;
    }
    if (likesDelta !== 0 || dislikesDelta !== 0) {
      await this.execute(
        manager,
        'UPDATE "room_tracks" SET "likes" = "likes" + ?, "dislikes" = "dislikes" + ? WHERE "id" = ?',
        [likesDelta, dislikesDelta, track.id],
      );
      // Exact: under the room's lock nothing else moves this tally.
      track.likes += likesDelta;
      track.dislikes += dislikesDelta;
    }

    // The exactly-once step: only one UPDATE can move this row from QUEUED to READY. Under the
    // room's lock the tally is exact, so a vote that cannot reach it does not try.
    const reaches = track.status === TrackStatus.QUEUED && track.likes >= likeThreshold;
    const thresholdReached = reaches && (await this.promote(manager, track, likeThreshold, at));
    // Vote-to-skip, exactly once: only one UPDATE can move the playing track to SKIPPED, and a
    // host's skip (PLAYING -> SKIPPED in the playback transition) leaves nothing for it to match.
    let skipped = false;
    if (dislikesDelta > 0 && skipThreshold !== null && track.status === TrackStatus.PLAYING) {
      skipped =
        (await this.execute(
          manager,
          'UPDATE "room_tracks" SET "status" = ? ' +
            'WHERE "id" = ? AND "status" = ? AND "dislikes" >= ?',
          [TrackStatus.SKIPPED, track.id, TrackStatus.PLAYING, skipThreshold],
        )) === 1;
      if (skipped) track.status = TrackStatus.SKIPPED;
    }
    return { track, likeThreshold, thresholdReached, skipped, seq, at };
  }

  private findTrackWithVote(
    manager: EntityManager,
    roomId: string,
    trackUri: string,
    userId: string,
  ): Promise<(RoomTrack & { previousVote?: Vote | null }) | null> {
    return manager
      .createQueryBuilder(RoomTrack, 'track')
      .innerJoinAndSelect('track.room', 'room')
      .leftJoinAndMapOne(
        'track.previousVote',
        Vote,
        'vote',
        'vote.roomTrackId = track.id AND vote.userId = :userId',
        { userId },
      )
      .where('track.roomId = :roomId AND track.uri = :trackUri', { roomId, trackUri })
      .getOne();
  }

  /** Adds the track to the room, under its lock; answers it as findTrackWithVote does. */
  private async addTrack(
    manager: EntityManager,
    { roomId, userId, trackUri, queueLimit }: Omit<CastVote, 'isLike'>,
    now: Date | string,
  ): Promise<RoomTrack & { previousVote?: Vote | null }> {
    // An addTrack without a fair share does not take the room's lock: it may have added it.
    const inserted = await this.execute(
      manager,
      'INSERT INTO "room_tracks" ("id", "roomId", "uri", "addedById", "status", "addedAt") ' +
        'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ("roomId", "uri") DO NOTHING',
      [randomUUID(), roomId, trackUri, userId, TrackStatus.QUEUED, now],
    );
    // Under the room's lock: the new track counts, so more than the limit means one too many;
    // throwing rolls the INSERT back.
    if (inserted === 1 && queueLimit !== undefined && queueLimit !== null) {
      const [{ waiting }] = await manager.query<{ waiting: number | string }[]>(
        this.dialect.sql(
          'SELECT COUNT(*) AS "waiting" FROM "room_tracks" ' +
            'WHERE "roomId" = ? AND "addedById" = ? AND "status" IN (?, ?)',
        ),
        [roomId, userId, TrackStatus.QUEUED, TrackStatus.READY],
      );
      if (Number(waiting) > queueLimit) throw new TracksException(TracksError.QUEUE_LIMIT);
    }
    const added = await this.findTrackWithVote(manager, roomId, trackUri, userId);
    if (!added) throw new Error(`The track just added to room ${roomId} is not there`);
    return added;
  }

  /**
   * The exactly-once step, for a vote and for a lower threshold alike: only one UPDATE can move the
   * row from QUEUED to READY at `likeThreshold`. Answers whether this one did (and then updates
   * `track` to match).
   */
  private async promote(
    manager: EntityManager,
    track: RoomTrack,
    likeThreshold: number,
    at: Date,
  ): Promise<boolean> {
    const promoted = await this.execute(
      manager,
      'UPDATE "room_tracks" SET "status" = ?, "thresholdReachedAt" = ? ' +
        'WHERE "id" = ? AND "status" = ? AND "likes" >= ?',
      [TrackStatus.READY, this.dialect.timestamp(at), track.id, TrackStatus.QUEUED, likeThreshold],
    );
    if (promoted !== 1) return false;
    track.status = TrackStatus.READY;
    track.thresholdReachedAt = at;
    return true;
  }

  /** Runs an INSERT, UPDATE or DELETE; answers how many rows it changed. */
  private async execute(manager: EntityManager, statement: string, params: unknown[]) {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('Votes are counted inside a transaction');
    const result = await runner.query(this.dialect.sql(statement), params, true);
    return result.affected ?? 0;
  }
}
