import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PubSub } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from '../database/database.options.js';
import { RawSql } from '../database/raw-sql.js';
import { SqliteConnections } from '../database/sqlite-connections.js';
import { sqlDialectFor } from '../database/sql-dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RoomEvent } from '../realtime/room-event.entity.js';
import { RoomEventLog } from '../realtime/room-event-log.service.js';
import type { PresenceService } from '../realtime/presence/presence.service.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import { Room } from '../rooms/room.entity.js';
import type { ModerationLogService } from '../rooms/moderation-log.service.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import type { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { TrackGuardrailsService } from '../tracks/track-guardrails.service.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import { User } from '../users/user.entity.js';
import { Vote } from './vote.entity.js';
import { VotesRepository } from './votes.repository.js';

const URI = 'spotify:track:4uLU6hMCjMI75M1A2tKUQC';

/** The real entities and migrations on an in-memory SQLite database. */
describe(VotesRepository.name, () => {
  let dataSource: DataSource;
  let raw: RawSql;
  let sut: VotesRepository;
  let room: Room;

  const createUser = (displayName: string) =>
    dataSource.manager.save(dataSource.manager.create(User, { displayName, isGuest: true }));
  const cast = async (user: User, isLike: boolean, trackUri = URI) => {
    const { count } = await sut.count(
      { roomId: room.id, userId: user.id, trackUri, isLike },
      (counted) => ({
        roomCode: room.code,
        trackUri: counted.track.uri,
        likes: counted.track.likes,
        dislikes: counted.track.dislikes,
        likeThreshold: counted.likeThreshold,
        play: counted.track.likes >= counted.likeThreshold,
        thresholdReached: counted.thresholdReached,
        track: null,
        at: counted.at,
        seq: counted.seq,
        status: counted.track.status,
      }),
    );
    return count;
  };
  const storedTrack = () => dataSource.manager.findOneByOrFail(RoomTrack, { roomId: room.id });

  beforeEach(async () => {
    dataSource = await new DataSource({
      ...buildDataSourceOptions('sqlite::memory:'),
      logger: undefined,
      logging: false,
    }).initialize();
    const dialect = sqlDialectFor('sqlite');
    const connections = await SqliteConnections.install(dataSource);
    raw = new RawSql(dialect, connections);
    const transactions = new TransactionRunner(dataSource, raw, connections);
    const log = new RoomEventLog(
      dataSource.getRepository(RoomEvent),
      dialect,
      transactions,
      { eventLogRetentionHours: 24 } as AppConfig,
      raw,
    );
    sut = new VotesRepository(
      dataSource.getRepository(Vote),
      transactions,
      dialect,
      new RoomEventsService(new PubSub(), log, {} as PresenceService),
      raw,
      // Judging a track under the lock needs the database only.
      new TrackGuardrailsService(
        dataSource.getRepository(RoomTrack),
        {} as RoomsService,
        {} as SpotifyApiService,
        {} as ModerationLogService,
        transactions,
        raw,
      ),
    );
    const host = await createUser('Host');
    room = await dataSource.manager.save(
      dataSource.manager.create(Room, {
        code: 'ABC123',
        name: 'Party',
        hostId: host.id,
        likeThreshold: 2,
      }),
    );
  });
  afterEach(async () => {
    // As at the app's shutdown: the prepared statements go first, or the connection cannot close.
    raw.onModuleDestroy();
    await dataSource.destroy();
  });

  it('adds the track on its first vote and counts the vote', async () => {
    const guest = await createUser('Guest');
    const before = new Date();

    const count = await cast(guest, true);

    expect(count).toMatchObject({ likeThreshold: 2, thresholdReached: false, seq: 1 });
    expect(count.track).toBeInstanceOf(RoomTrack);
    expect(count.track).toMatchObject({
      roomId: room.id,
      uri: URI,
      likes: 1,
      dislikes: 0,
      status: TrackStatus.QUEUED,
      addedById: guest.id,
      thresholdReachedAt: null,
    });
    expect(count.track.addedAt).toEqual(count.at);
    expect(count.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    // What the answer says is what was stored, timestamps to the millisecond.
    expect(await storedTrack()).toEqual(count.track);
    const [vote] = await dataSource.manager.findBy(Vote, { roomTrackId: count.track.id });
    expect(vote).toMatchObject({ userId: guest.id, isLike: true, createdAt: count.at });
  });

  it("records each vote's update in the room's event log, numbered by seq", async () => {
    const [a, b] = await Promise.all(['A', 'B'].map(createUser));
    const first = await cast(a, true);
    const second = await cast(b, true);

    const logged = await dataSource.manager.find(RoomEvent, { order: { seq: 'ASC' } });
    expect(logged.map((e) => [e.roomId, e.seq, e.createdAt])).toEqual([
      [room.id, 1, first.at],
      [room.id, 2, second.at],
    ]);
    expect(JSON.parse(logged[1].payload)).toEqual({
      voteUpdated: expect.objectContaining({
        seq: 2,
        likes: 2,
        thresholdReached: true,
        at: second.at.toISOString(),
      }),
    });
  });

  it('changes nothing when the same vote is cast again, but takes the next seq', async () => {
    const guest = await createUser('Guest');
    await cast(guest, false);

    const again = await cast(guest, false);

    expect(again).toMatchObject({ seq: 2, track: { likes: 0, dislikes: 1 } });
    expect(await storedTrack()).toMatchObject({ likes: 0, dislikes: 1 });
    expect(await dataSource.manager.count(Vote)).toBe(1);
  });

  it('moves one count over when a vote is changed, and back', async () => {
    const guest = await createUser('Guest');
    await cast(guest, true);

    expect((await cast(guest, false)).track).toMatchObject({ likes: 0, dislikes: 1 });
    expect((await cast(guest, true)).track).toMatchObject({ likes: 1, dislikes: 0 });
    expect(await storedTrack()).toMatchObject({ likes: 1, dislikes: 0 });
    expect(await dataSource.manager.findBy(Vote, {})).toEqual([
      expect.objectContaining({ userId: guest.id, isLike: true }),
    ]);
  });

  it('promotes the track exactly once, on the vote that reached the threshold', async () => {
    const guests = await Promise.all(['A', 'B', 'C'].map(createUser));

    // Cast together: the transactions queue up, each sees the tally its predecessor left.
    const counts = await Promise.all(guests.map((guest) => cast(guest, true)));

    expect(counts.map((c) => [c.seq, c.track.likes, c.thresholdReached, c.track.status])).toEqual([
      [1, 1, false, TrackStatus.QUEUED],
      [2, 2, true, TrackStatus.READY],
      [3, 3, false, TrackStatus.READY],
    ]);
    expect(counts[1].track.thresholdReachedAt).toEqual(counts[1].at);
    expect(await storedTrack()).toMatchObject({
      status: TrackStatus.READY,
      thresholdReachedAt: counts[1].at,
    });
    // Falling below and rising again does not announce it a second time.
    await cast(guests[0], false);
    await cast(guests[1], false);
    expect(await cast(guests[0], true)).toMatchObject({ thresholdReached: false });
    expect(await cast(guests[1], true)).toMatchObject({ thresholdReached: false });
  });

  it('gives every vote of a room a later time than the one before, within one millisecond too', async () => {
    const guests = await Promise.all(['A', 'B', 'C', 'D'].map(createUser));
    // The clock does not move: batches one after the other, each starting in the same millisecond.
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-30T10:00:00.000Z'));
    try {
      const times: number[] = [];
      for (const guest of guests) times.push((await cast(guest, true)).at.getTime());
      const together = await Promise.all(guests.map((guest) => cast(guest, false)));
      times.push(...together.map((count) => count.at.getTime()));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(new Set(times).size).toBe(times.length);
    } finally {
      now.mockRestore();
    }
  });

  it('counts the votes that arrive during a commit together, each with its own answer, in order', async () => {
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map(createUser));
    const removed = 'spotify:track:removed';
    const fresh = 'spotify:track:fresh';
    await cast(a, true, removed);
    await dataSource.manager.update(RoomTrack, { uri: removed }, { status: TrackStatus.REMOVED });
    let transactions = 0;
    const transactionRunner = (sut as unknown as { transactions: TransactionRunner }).transactions;
    const run = transactionRunner.runRaw.bind(transactionRunner);
    transactionRunner.runRaw = (work) => {
      transactions++;
      return run(work);
    };

    // The first goes alone; the other five arrive while it commits and share one transaction.
    const settled = await Promise.allSettled([
      cast(a, true),
      cast(b, true),
      cast(c, true, removed),
      cast(a, false),
      cast(d, false, fresh),
      cast(b, true),
    ]);

    expect(transactions).toBe(2);
    const counts = settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason));
    expect(counts[2]).toMatchObject({ reason: 'TRACK_REMOVED' });
    const answered = counts.filter((_, i) => i !== 2) as Awaited<ReturnType<typeof cast>>[];
    expect(
      answered.map((x) => [
        x.seq,
        x.track.uri,
        x.track.likes,
        x.track.dislikes,
        x.thresholdReached,
      ]),
    ).toEqual([
      [2, URI, 1, 0, false],
      [3, URI, 2, 0, true],
      [4, URI, 1, 1, false],
      [5, fresh, 0, 1, false],
      [6, URI, 1, 1, false],
    ]);
    expect(answered.map((x) => x.track.status)).toEqual([
      TrackStatus.QUEUED,
      TrackStatus.READY,
      TrackStatus.READY,
      TrackStatus.QUEUED,
      TrackStatus.READY,
    ]);
    // Each vote has its own time, one after the other; the promotion keeps its vote's.
    const times = answered.map((x) => x.at.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(times).size).toBe(times.length);
    expect(await dataSource.manager.findOneByOrFail(RoomTrack, { uri: URI })).toMatchObject({
      likes: 1,
      dislikes: 1,
      status: TrackStatus.READY,
      thresholdReachedAt: answered[1].at,
    });
    expect(await dataSource.manager.findOneByOrFail(RoomTrack, { uri: fresh })).toMatchObject({
      likes: 0,
      dislikes: 1,
      addedById: d.id,
      addedAt: answered[3].at,
    });
    const votes = await dataSource.manager.find(Vote, { relations: { roomTrack: true } });
    expect(
      votes
        .filter((v) => v.roomTrack!.uri !== removed)
        .map((v) => [v.userId, v.roomTrack!.uri, v.isLike])
        .sort(),
    ).toEqual(
      [
        [a.id, URI, false],
        [b.id, URI, true],
        [d.id, fresh, false],
      ].sort(),
    );
    const logged = await dataSource.manager.find(RoomEvent, { order: { seq: 'ASC' } });
    expect(logged.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(JSON.parse(logged[2].payload)).toEqual({
      voteUpdated: expect.objectContaining({ seq: 3, likes: 2, thresholdReached: true }),
    });
    expect(await dataSource.manager.findOneByOrFail(Room, { id: room.id })).toMatchObject({
      voteSeq: 6,
    });
  });

  it('fails the whole batch when one of its writes fails, and leaves nothing of it', async () => {
    const [a, b] = await Promise.all(['A', 'B'].map(createUser));
    await cast(a, true);
    // The next vote's seq (2) is taken in the event log: its insert fails, while the room's
    // sequence, the vote and the tally are written beside it.
    await dataSource.manager.insert(RoomEvent, {
      roomId: room.id,
      seq: 2,
      payload: '{}',
      createdAt: new Date(),
    });

    await expect(cast(b, true)).rejects.toThrow(/UNIQUE constraint failed: room_events/);

    expect(await dataSource.manager.findOneByOrFail(Room, { id: room.id })).toMatchObject({
      voteSeq: 1,
    });
    expect(await storedTrack()).toMatchObject({ likes: 1, status: TrackStatus.QUEUED });
    expect(await dataSource.manager.countBy(Vote, { userId: b.id })).toBe(0);
    // The transaction ended: the next batch counts, from the state before the failed one.
    await dataSource.manager.delete(RoomEvent, { roomId: room.id, seq: 2 });
    expect(await cast(b, true)).toMatchObject({ seq: 2, thresholdReached: true });
    expect(await storedTrack()).toMatchObject({ likes: 2, status: TrackStatus.READY });
  });

  it('refuses a vote once the room is closed, and counts nothing', async () => {
    const guest = await createUser('Guest');
    await dataSource.manager.update(Room, { id: room.id }, { status: RoomStatus.CLOSED });

    await expect(cast(guest, true)).rejects.toMatchObject({ reason: 'ROOM_CLOSED' });
    expect(await dataSource.manager.count(RoomTrack)).toBe(0);
    expect(await dataSource.manager.count(RoomEvent)).toBe(0);
    expect(await dataSource.manager.findOneByOrFail(Room, { id: room.id })).toMatchObject({
      voteSeq: 0,
    });
  });

  describe('applyThreshold', () => {
    const apply = (active: number) =>
      sut.applyThreshold(
        room.id,
        () => Promise.resolve(active),
        (applied, promotions) =>
          Promise.resolve(
            promotions.map((p) => ({
              roomCode: applied.code,
              trackUri: p.track.uri,
              likes: p.track.likes,
              dislikes: p.track.dislikes,
              likeThreshold: p.likeThreshold,
              play: true,
              thresholdReached: true,
              track: null,
              at: p.at,
              seq: p.seq,
              status: p.track.status,
            })),
          ),
      );

    it("follows likeShare and promotes each QUEUED track reaching a lower threshold once, with the room's next seqs", async () => {
      const guests = await Promise.all(['A', 'B', 'C', 'D'].map(createUser));
      await dataSource.manager.update(Room, { id: room.id }, { likeThreshold: 10 });
      const [three, two] = ['spotify:track:three', 'spotify:track:two'];
      for (const guest of guests.slice(0, 3)) await cast(guest, true, three);
      for (const guest of guests.slice(0, 2)) await cast(guest, true, two);
      await dataSource.manager.update(Room, { id: room.id }, { likeShare: 0.5 });

      // 0.5 × 8 → 4: nothing reaches it. Then 0.5 × 5 → 3, concurrently twice: one promotion.
      expect(await apply(8)).toMatchObject({ likeThreshold: 4, changed: true, updates: [] });
      const [first, second] = await Promise.all([apply(5), apply(5)]);
      expect(first).toMatchObject({ likeThreshold: 3, changed: true });
      expect(first!.updates.map((u) => [u.trackUri, u.seq, u.likeThreshold])).toEqual([
        [three, 6, 3],
      ]);
      expect(second).toMatchObject({ changed: false, updates: [] });
      // Raising it demotes nothing.
      expect(await apply(20)).toMatchObject({ likeThreshold: 10, changed: true, updates: [] });
      expect(
        await dataSource.manager.findOneByOrFail(RoomTrack, { roomId: room.id, uri: three }),
      ).toMatchObject({ status: TrackStatus.READY });
      const logged = await dataSource.manager.find(RoomEvent, { order: { seq: 'ASC' } });
      expect(logged.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await dataSource.manager.findOneByOrFail(Room, { id: room.id })).toMatchObject({
        voteSeq: 6,
        crowdLikeThreshold: 10,
      });
    });

    it('answers nothing for a closed room', async () => {
      await dataSource.manager.update(Room, { id: room.id }, { status: RoomStatus.CLOSED });
      expect(await apply(3)).toBeNull();
    });
  });
});
