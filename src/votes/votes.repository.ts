import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { LRUCache } from 'lru-cache';
import { In, MoreThanOrEqual, Repository, type EntityManager } from 'typeorm';
import { SqlDialect } from '../database/sql-dialect.js';
import { RawSql, type SqlWrite } from '../database/raw-sql.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { crowdLikeThreshold, likeThresholdInForce } from '../rooms/like-threshold.js';
import { lockOpenRoom } from '../rooms/room-lock.js';
import { Room } from '../rooms/room.entity.js';
import { RoomsError, RoomsException } from '../rooms/rooms.exception.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { UnjudgedTrack, type JudgedTrack } from '../tracks/guardrails.js';
import { TrackGuardrailsService } from '../tracks/track-guardrails.service.js';
import { TracksError, TracksException } from '../tracks/tracks.exception.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import type { VoteUpdateModel } from './models/vote-update.model.js';
import { Vote } from './vote.entity.js';

export interface CastVote {
  roomId: string;
  userId: string;
  trackUri: string;
  isLike: boolean;
  /** What the room's guardrails judge the track by, if known: needed when it is new to the room. */
  track?: JudgedTrack | null;
}

/** A counted vote: the count, the update `describe` made of it, and its room as it was then. */
export interface CountedVote {
  count: VoteCount;
  update: VoteUpdateModel;
  room: Room;
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

/** A vote waiting for its room's next batch. */
interface PendingVote {
  vote: CastVote;
  describe: (count: VoteCount) => VoteUpdateModel;
  resolve: (counted: CountedVote) => void;
  reject: (error: unknown) => void;
}

/** A track of the batch, as the batch has changed it so far, with the batch's voters' votes. */
interface BatchTrack {
  track: RoomTrack;
  /** Per voter of the batch: the vote (its id and value), or null for none. */
  votes: Map<string, { id: string; isLike: boolean } | null>;
  /** Tally moves not yet written. */
  likesDelta: number;
  dislikesDelta: number;
}

/** At most this many votes share a transaction (a few hundred bound parameters). */
const MAX_BATCH = 64;

/**
 * Where votes are counted: in the room's order, exactly once, with group commit. The votes of a
 * room that arrive while its previous batch is being committed are counted together in the next
 * transaction, under the room's lock, each still answered with its own tally, seq and
 * `thresholdReached` (a lone vote is a batch of one, and waits for nothing). Per batch:
 *  1. lock the room's row and read it (threshold, sequence, fair share: `UPDATE … RETURNING`); on
 *     PostgreSQL this row lock orders the votes of one room (and refuses them if the room closed
 *     meanwhile); SQLite runs transactions one at a time;
 *  2. read the batch's tracks with their voters' earlier votes in one query; a track new to the
 *     room is added when its vote comes (within the voter's fair share and the host's guardrails);
 *  3. count each vote in memory, in arrival order: a repeated vote changes nothing, a changed vote
 *     moves one count over, a REMOVED track refuses the vote (that vote alone fails, and takes no
 *     seq). Under the room's lock the tallies are exact;
 *  4. promote a track to READY with a conditional UPDATE (`status = QUEUED AND likes >= threshold`):
 *     exactly one vote can match it, and that vote alone reports `thresholdReached`;
 *  5. on a dislike of the PLAYING track, skip it the same way (`status = PLAYING AND dislikes >=
 *     skipThreshold`): one vote alone reports `skipped`, and the playback module moves on after;
 *  6. write the votes, the tallies, the room's sequence and the updates the votes publish (the
 *     room's event log, for subscribers that resume) together, then commit.
 * Hot-path statements go straight to the driver (RawSql). On PostgreSQL each has one text whatever
 * the batch's size (lists as array parameters, SqlDialect.arrays), so it runs prepared. New votes
 * take time-ordered ids (UUIDv7): their primary key index grows at its end instead of at a random
 * page per vote, which writes fewer pages per batch (SQLite's log, PostgreSQL's WAL). A database
 * error fails the whole batch.
 */
@Injectable()
export class VotesRepository {
  /** Per room: the votes waiting for its next batch (present while a batch is being counted). */
  private readonly waiting = new Map<string, PendingVote[]>();
  /** Per room: the last time (ms) this instance gave one of its votes or promotions. */
  private readonly lastTime = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    @InjectRepository(Vote) private readonly votes: Repository<Vote>,
    private readonly transactions: TransactionRunner,
    private readonly dialect: SqlDialect,
    private readonly events: RoomEventsService,
    private readonly raw: RawSql,
    private readonly guardrails: TrackGuardrailsService,
  ) {}

  /**
   * Counts the vote and records the update `describe` makes of it (called inside the transaction,
   * synchronously), in its room's next batch.
   */
  count(vote: CastVote, describe: (count: VoteCount) => VoteUpdateModel): Promise<CountedVote> {
    return new Promise((resolve, reject) => {
      const pending: PendingVote = { vote, describe, resolve, reject };
      const queue = this.waiting.get(vote.roomId);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.waiting.set(vote.roomId, []);
      void this.countBatches(vote.roomId, [pending]);
    });
  }

  /** Counts `batch`, then each batch of the votes that arrived meanwhile, until none wait. */
  private async countBatches(roomId: string, batch: PendingVote[]): Promise<void> {
    for (;;) {
      await this.countBatch(roomId, batch);
      const queue = this.waiting.get(roomId)!;
      if (queue.length === 0) {
        this.waiting.delete(roomId);
        return;
      }
      batch = queue.splice(0, MAX_BATCH);
    }
  }

  /** One transaction for the batch; settles every vote in it, and never throws. */
  private async countBatch(roomId: string, batch: PendingVote[]): Promise<void> {
    let outcomes: Array<CountedVote | { error: unknown }>;
    try {
      outcomes = await this.transactions.runRaw((manager) => this.countIn(manager, roomId, batch));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome);
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
      const room = await lockOpenRoom(this.raw, manager, roomId);
      if (!room) return null;
      const crowd =
        room.likeShare === null
          ? null
          : crowdLikeThreshold(room.likeShare, await countActive(manager));
      const changed = crowd !== room.crowdLikeThreshold;
      if (changed) {
        await this.raw.run(manager, 'UPDATE "rooms" SET "crowdLikeThreshold" = ? WHERE "id" = ?', [
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
      const start = this.times(roomId, reaching.length);
      for (const track of reaching) {
        const at = new Date(start + promotions.length);
        if (!(await this.promote(manager, track, likeThreshold, at))) continue;
        const seq = room.voteSeq + promotions.length + 1;
        promotions.push({ track, likeThreshold, thresholdReached: true, skipped: false, seq, at });
      }
      const updates = await describe(room, promotions);
      if (promotions.length > 0) {
        await this.raw.run(manager, 'UPDATE "rooms" SET "voteSeq" = ? WHERE "id" = ?', [
          room.voteSeq + promotions.length,
          roomId,
        ]);
        room.voteSeq += promotions.length;
        await this.events.recordVoteUpdates(manager, roomId, updates);
      }
      return { room, likeThreshold, changed, updates };
    });
  }

  /**
   * The first of `count` consecutive milliseconds for a room's votes or promotions, each later
   * than any this instance gave the room before: a batch that starts within the millisecond the
   * previous one started in would otherwise give its first vote the time of an earlier vote, and
   * those times order the queue. Called under the room's lock, so in commit order. Past a
   * thousand votes a second in one room the times run ahead of the clock, as within a batch.
   */
  private times(roomId: string, count: number): number {
    const start = Math.max(Date.now(), (this.lastTime.get(roomId) ?? 0) + 1);
    this.lastTime.set(roomId, start + Math.max(count, 1) - 1);
    return start;
  }

  /** The user's votes on these tracks. */
  findByUser(userId: string, roomTrackIds: readonly string[]): Promise<Vote[]> {
    return this.votes.findBy({ userId, roomTrackId: In([...roomTrackIds]) });
  }

  private async countIn(
    manager: EntityManager,
    roomId: string,
    batch: readonly PendingVote[],
  ): Promise<Array<CountedVote | { error: unknown }>> {
    const voters = [...new Set(batch.map(({ vote }) => vote.userId))];
    // Sent together (PostgreSQL runs them in order on the transaction's connection: the read is
    // under the lock; SQLite has one writer anyway): one round trip instead of two.
    const [room, tracks] = await Promise.all([
      lockOpenRoom(this.raw, manager, roomId),
      this.readTracks(
        manager,
        roomId,
        [...new Set(batch.map(({ vote }) => vote.trackUri))],
        voters,
      ),
    ]);
    if (!room) return batch.map(() => ({ error: new RoomsException(RoomsError.ROOM_CLOSED) }));
    const likeThreshold = likeThresholdInForce(room);
    const { skipThreshold } = room;

    const newVotes = new Map<string, unknown[]>();
    const changedVotes = new Map<string, boolean>();
    const counted: Array<{ index: number; count: VoteCount }> = [];
    const outcomes: Array<CountedVote | { error: unknown }> = [];
    const start = this.times(roomId, batch.length);
    for (const [index, { vote }] of batch.entries()) {
      const { userId, trackUri, isLike } = vote;
      // Each vote 1 ms after the one before: a promotion's time orders the queue.
      const at = new Date(start + index);
      const now = this.dialect.timestamp(at);
      let entry = tracks.get(trackUri);
      if (!entry) {
        try {
          // Within the host's guardrails, judged as the fair share is, under the room's lock.
          await this.guardrails.assertAdmissible(manager, room, vote.track ?? null);
          // The host is exempt from the fair share.
          const queueLimit = userId === room.hostId ? null : room.maxQueuedPerParticipant;
          entry = await this.addTrack(manager, vote, queueLimit, now, voters);
        } catch (error) {
          if (!(error instanceof TracksException) && !(error instanceof UnjudgedTrack)) throw error;
          outcomes[index] = { error };
          continue;
        }
        tracks.set(trackUri, entry);
      }
      const { track } = entry;
      // A track the host removed takes no more votes.
      if (track.status === TrackStatus.REMOVED) {
        outcomes[index] = { error: new TracksException(TracksError.TRACK_REMOVED) };
        continue;
      }
      const previous = entry.votes.get(userId) ?? null;
      let likesDelta = 0;
      let dislikesDelta = 0;
      if (!previous) {
        const id = uuidv7();
        newVotes.set(id, [id, track.id, userId, this.dialect.bool(isLike), now, now]);
        entry.votes.set(userId, { id, isLike });
        if (isLike) likesDelta = 1;
        else dislikesDelta = 1;
      } else if (previous.isLike !== isLike) {
        const inserted = newVotes.get(previous.id);
        if (inserted) inserted[3] = this.dialect.bool(isLike);
        else changedVotes.set(previous.id, isLike);
        previous.isLike = isLike;
        likesDelta = isLike ? 1 : -1;
        dislikesDelta = -likesDelta;
      }
      track.likes += likesDelta;
      track.dislikes += dislikesDelta;
      entry.likesDelta += likesDelta;
      entry.dislikesDelta += dislikesDelta;

      // The exactly-once steps: only one UPDATE can move this row from QUEUED to READY, or from
      // PLAYING to SKIPPED (a host's skip leaves nothing for it to match). They are rare, and
      // written at once, after the track's tally.
      let thresholdReached = false;
      if (track.status === TrackStatus.QUEUED && track.likes >= likeThreshold) {
        await this.writeTallies(manager, [entry]);
        thresholdReached = await this.promote(manager, track, likeThreshold, at);
      }
      let skipped = false;
      if (dislikesDelta > 0 && skipThreshold !== null && track.status === TrackStatus.PLAYING) {
        if (track.dislikes >= skipThreshold) {
          await this.writeTallies(manager, [entry]);
          skipped =
            (await this.raw.run(
              manager,
              'UPDATE "room_tracks" SET "status" = ? ' +
                'WHERE "id" = ? AND "status" = ? AND "dislikes" >= ?',
              [TrackStatus.SKIPPED, track.id, TrackStatus.PLAYING, skipThreshold],
            )) === 1;
          if (skipped) track.status = TrackStatus.SKIPPED;
        }
      }
      room.voteSeq += 1;
      const count: VoteCount = {
        // This vote's view of the track: later votes of the batch move it on.
        track: Object.assign(new RoomTrack(), track),
        likeThreshold,
        thresholdReached,
        skipped,
        seq: room.voteSeq,
        at,
      };
      counted.push({ index, count });
    }
    if (counted.length === 0) return outcomes;

    const snapshot = Object.assign(new Room(), room);
    const updates = counted.map(({ index, count }) => {
      const update = batch[index].describe(count);
      outcomes[index] = { count, update, room: snapshot };
      return update;
    });
    const writes: SqlWrite[] = [
      { sql: 'UPDATE "rooms" SET "voteSeq" = ? WHERE "id" = ?', params: [room.voteSeq, roomId] },
    ];
    const logged = this.events.voteUpdatesWrite(roomId, updates);
    if (logged) writes.push(logged);
    if (this.dialect.arrays) {
      // PostgreSQL: the same statement for every batch (RawSql.writeAll makes one of them all).
      writes.push(this.insertVotesWrite([...newVotes.values()]));
      writes.push(this.changeVotesWrite(changedVotes, counted.at(-1)!.count.at));
    } else if (newVotes.size > 0) {
      writes.push({
        sql:
          'INSERT INTO "votes" ("id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt") ' +
          `VALUES ${[...newVotes.keys()].map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        params: [...newVotes.values()].flat(),
      });
    }
    if (!this.dialect.arrays && changedVotes.size > 0) {
      // One statement for every changed vote of the batch.
      const ids = [...changedVotes.keys()];
      writes.push({
        sql:
          `UPDATE "votes" SET "isLike" = CASE "id" ${ids.map(() => 'WHEN ? THEN CAST(? AS boolean)').join(' ')} END, ` +
          `"updatedAt" = ? WHERE "id" IN (${ids.map(() => '?').join(', ')})`,
        params: [
          ...ids.flatMap((id) => [id, this.dialect.bool(changedVotes.get(id)!)]),
          this.dialect.timestamp(counted.at(-1)!.count.at),
          ...ids,
        ],
      });
    }
    const tallies = this.talliesWrite([...tracks.values()], this.dialect.arrays);
    if (tallies) writes.push(tallies);
    // Side by side on SQLite, one statement on PostgreSQL; all settled before a failure rolls back.
    await this.raw.writeAll(manager, writes);
    return outcomes;
  }

  /** Writes the tally moves not yet written of these tracks, in one statement. */
  private async writeTallies(
    manager: EntityManager,
    entries: readonly BatchTrack[],
  ): Promise<void> {
    const write = this.talliesWrite(entries);
    if (write) await this.raw.run(manager, write.sql, write.params);
  }

  /**
   * The statement for the tally moves not yet written of these tracks (then counted written); with
   * `always` (a batch's last writes on PostgreSQL), one even for no moves, as writeAll composes it.
   */
  private talliesWrite(entries: readonly BatchTrack[], always = false): SqlWrite | null {
    const moved = entries.filter((entry) => entry.likesDelta !== 0 || entry.dislikesDelta !== 0);
    if (moved.length === 0 && !always) return null;
    const write = this.dialect.arrays
      ? this.talliesArrayWrite(moved)
      : this.talliesCaseWrite(moved);
    for (const entry of moved) {
      entry.likesDelta = 0;
      entry.dislikesDelta = 0;
    }
    return write;
  }

  /** PostgreSQL: the tally moves as arrays, one text for any number of tracks. */
  private talliesArrayWrite(moved: readonly BatchTrack[]): SqlWrite {
    return {
      sql:
        'UPDATE "room_tracks" SET "likes" = "room_tracks"."likes" + "d"."likes", ' +
        '"dislikes" = "room_tracks"."dislikes" + "d"."dislikes" ' +
        'FROM unnest(?::uuid[], ?::integer[], ?::integer[]) AS "d"("id", "likes", "dislikes") ' +
        'WHERE "room_tracks"."id" = "d"."id"',
      params: [
        moved.map((entry) => entry.track.id),
        moved.map((entry) => entry.likesDelta),
        moved.map((entry) => entry.dislikesDelta),
      ],
    };
  }

  /** SQLite: the tally moves as CASE expressions, one statement for the batch. */
  private talliesCaseWrite(moved: readonly BatchTrack[]): SqlWrite {
    const deltas = (delta: (entry: BatchTrack) => number) => ({
      sql: `CASE "id" ${moved.map(() => 'WHEN ? THEN CAST(? AS integer)').join(' ')} END`,
      params: moved.flatMap((entry) => [entry.track.id, delta(entry)]),
    });
    const likes = deltas((entry) => entry.likesDelta);
    const dislikes = deltas((entry) => entry.dislikesDelta);
    const ids = moved.map((entry) => entry.track.id);
    return {
      sql:
        `UPDATE "room_tracks" SET "likes" = "likes" + ${likes.sql}, ` +
        `"dislikes" = "dislikes" + ${dislikes.sql} WHERE "id" IN (${ids.map(() => '?').join(', ')})`,
      params: [...likes.params, ...dislikes.params, ...ids],
    };
  }

  /** PostgreSQL: the batch's new votes (rows in column order), one array per column. */
  private insertVotesWrite(rows: readonly unknown[][]): SqlWrite {
    return {
      sql:
        'INSERT INTO "votes" ("id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt") ' +
        'SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::boolean[], ?::timestamp[], ' +
        '?::timestamp[])',
      params: [0, 1, 2, 3, 4, 5].map((column) => rows.map((row) => row[column])),
    };
  }

  /** PostgreSQL: the batch's changed votes (id → isLike), changed at `at`. */
  private changeVotesWrite(changed: ReadonlyMap<string, boolean>, at: Date): SqlWrite {
    return {
      sql:
        'UPDATE "votes" SET "isLike" = "d"."isLike", "updatedAt" = ?::timestamp ' +
        'FROM unnest(?::uuid[], ?::boolean[]) AS "d"("id", "isLike") WHERE "votes"."id" = "d"."id"',
      params: [this.dialect.timestamp(at), [...changed.keys()], [...changed.values()]],
    };
  }

  /** The room's tracks with these URIs, each with these voters' votes on it, in one query. */
  private async readTracks(
    manager: EntityManager,
    roomId: string,
    uris: readonly string[],
    voters: readonly string[],
  ): Promise<Map<string, BatchTrack>> {
    const voterIn = this.dialect.inList('"v"."userId"', voters, 'uuid');
    const uriIn = this.dialect.inList('"t"."uri"', uris, 'varchar');
    const rows = await this.raw.rows<Record<string, unknown>>(
      manager,
      'SELECT "t".*, "v"."id" AS "voteId", "v"."userId" AS "voteUserId", ' +
        '"v"."isLike" AS "voteIsLike" FROM "room_tracks" "t" LEFT JOIN "votes" "v" ' +
        `ON "v"."roomTrackId" = "t"."id" AND ${voterIn.sql} ` +
        `WHERE "t"."roomId" = ? AND ${uriIn.sql}`,
      [...voterIn.params, roomId, ...uriIn.params],
    );
    const tracks = new Map<string, BatchTrack>();
    for (const row of rows) {
      let entry = tracks.get(row.uri as string);
      if (!entry) {
        entry = {
          track: this.raw.hydrate(manager, RoomTrack, row),
          votes: new Map(voters.map((voter) => [voter, null])),
          likesDelta: 0,
          dislikesDelta: 0,
        };
        tracks.set(entry.track.uri, entry);
      }
      if (row.voteId !== null) {
        entry.votes.set(row.voteUserId as string, {
          id: row.voteId as string,
          isLike: row.voteIsLike === true || row.voteIsLike === 1,
        });
      }
    }
    return tracks;
  }

  /** Adds the vote's track to the room, under its lock; answers it as readTracks does. */
  private async addTrack(
    manager: EntityManager,
    { roomId, userId, trackUri }: CastVote,
    queueLimit: number | null,
    now: Date | string,
    voters: readonly string[],
  ): Promise<BatchTrack> {
    const id = uuidv7();
    // An addTrack without a fair share does not take the room's lock: it may have added it.
    const inserted = await this.raw.run(
      manager,
      'INSERT INTO "room_tracks" ("id", "roomId", "uri", "addedById", "status", "addedAt") ' +
        'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ("roomId", "uri") DO NOTHING',
      [id, roomId, trackUri, userId, TrackStatus.QUEUED, now],
    );
    // Under the room's lock: the new track counts, so more than the limit means one too many;
    // the track goes again (nothing refers to it yet).
    if (inserted === 1 && queueLimit !== null) {
      const [{ waiting }] = await this.raw.rows<{ waiting: number | string }>(
        manager,
        'SELECT COUNT(*) AS "waiting" FROM "room_tracks" ' +
          'WHERE "roomId" = ? AND "addedById" = ? AND "status" IN (?, ?)',
        [roomId, userId, TrackStatus.QUEUED, TrackStatus.READY],
      );
      if (Number(waiting) > queueLimit) {
        await this.raw.run(manager, 'DELETE FROM "room_tracks" WHERE "id" = ?', [id]);
        throw new TracksException(TracksError.QUEUE_LIMIT);
      }
    }
    const added = (await this.readTracks(manager, roomId, [trackUri], voters)).get(trackUri);
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
    const promoted = await this.raw.run(
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
}
