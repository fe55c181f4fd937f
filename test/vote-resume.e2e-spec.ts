import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RoomEventLog } from '../src/realtime/room-event-log.service.js';
import {
  castVotes,
  createRoom,
  joinAsGuest,
  range,
  run,
  trackUri,
  voteOperation,
} from './support/factories.js';
import { Channels } from '../src/realtime/channels.js';
import { subscribe, untilSubscribed, wsClient, type Collected } from './support/subscriptions.js';
import { freshStorage, startTestApp, type TestApp } from './support/test-app.js';

interface VoteUpdate {
  trackUri: string;
  likes: number;
  dislikes: number;
  seq: number;
  at: string;
}

const VOTE_UPDATED = `subscription($c: String!, $after: Int) {
  voteUpdated(code: $c, afterSeq: $after) { trackUri likes dislikes seq at }
}`;

function feed(t: TestApp, token: string, code: string, afterSeq?: number): Collected<VoteUpdate> {
  return subscribe<VoteUpdate>(wsClient(t.wsUrl, token), {
    query: VOTE_UPDATED,
    variables: { c: code, ...(afterSeq === undefined ? {} : { after: afterSeq }) },
  });
}

/** The subscription's first error, once it came. */
async function refusal(collected: Collected<VoteUpdate>) {
  await expect(collected.waitFor(1)).rejects.toThrow(/Subscription failed/);
  await collected.dispose();
  return collected.errors[0];
}

describe('voteUpdated(afterSeq:) resumes without a gap or a duplicate', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('delivers exactly the 20 votes a subscriber missed, then the live ones', async () => {
    const { host, room } = await createRoom(t, 100);
    const guest = await joinAsGuest(t, room.code);
    const first = feed(t, guest.token, room.code);
    await untilSubscribed(t.app, Channels.voteUpdated(room.id));
    await castVotes(t, room.code, host, 3, 'before');
    expect((await first.waitFor(3)).map((e) => e.seq)).toEqual([1, 2, 3]);
    await first.dispose();

    const missed = await castVotes(t, room.code, host, 20, 'missed');
    const resumed = feed(t, guest.token, room.code, 3);
    try {
      const replayed = await resumed.waitFor(20);
      expect(replayed.map((e) => e.seq)).toEqual(range(4, 23));
      expect(replayed.map((e) => e.trackUri)).toEqual(missed.map((v) => v.trackUri));
      expect(replayed.every((e) => e.likes === 1 && !Number.isNaN(Date.parse(e.at)))).toBe(true);

      await castVotes(t, room.code, host, 2, 'live');
      const all = await resumed.waitFor(22);
      expect(all.map((e) => e.seq)).toEqual(range(4, 25));
      expect(resumed.errors).toEqual([]);
    } finally {
      await resumed.dispose();
    }
  });

  it('loses and repeats nothing when votes commit while the replay is read', async () => {
    const { host, room } = await createRoom(t, 1000);
    const guests = await Promise.all(
      range(1, 30).map((i) => joinAsGuest(t, room.code, `Racer ${i}`)),
    );
    await castVotes(t, room.code, host, 40, 'history');
    const live = feed(t, host.token, room.code);
    await untilSubscribed(t.app, Channels.voteUpdated(room.id));

    // The resumption and 30 concurrent votes start together.
    const resumed = feed(t, guests[0].token, room.code, 0);
    const racing = await Promise.all(
      guests.map((guest, i) =>
        run(
          t,
          voteOperation({ code: room.code, trackUri: trackUri(`race-${i}`), isLike: true }),
          guest.token,
        ),
      ),
    );
    try {
      expect(racing.flatMap((r) => r.errors ?? [])).toEqual([]);
      const events = await resumed.waitFor(70, 10_000);
      expect(events.map((e) => e.seq)).toEqual(range(1, 70));
      // Nothing more arrives: one more vote comes next, not a duplicate.
      await castVotes(t, room.code, host, 1, 'after-race');
      expect((await resumed.waitFor(71)).map((e) => e.seq).slice(70)).toEqual([71]);
      // A plain subscriber beside it saw the live ones, in order.
      const plain = await live.waitFor(31);
      expect(plain.map((e) => e.seq)).toEqual(range(41, 71));
      expect(resumed.errors).toEqual([]);
    } finally {
      await resumed.dispose();
      await live.dispose();
    }
  });

  it('refuses an afterSeq whose updates were pruned (HISTORY_EXPIRED) or that is out of range', async () => {
    const { host, room } = await createRoom(t, 100);
    await castVotes(t, room.code, host, 5, 'expire');
    // As the hourly pruning does once the retention has passed.
    expect(await t.app.get(RoomEventLog).prune(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(
      5,
    );

    expect(await refusal(feed(t, host.token, room.code, 2))).toMatchObject({
      message: expect.stringContaining('no longer kept'),
      extensions: { code: 'BAD_USER_INPUT', reason: 'HISTORY_EXPIRED' },
    });
    for (const afterSeq of [6, -1]) {
      expect(await refusal(feed(t, host.token, room.code, afterSeq))).toMatchObject({
        message: expect.stringContaining("room's latest seq (5)"),
        extensions: { code: 'BAD_USER_INPUT', reason: 'AFTER_SEQ_OUT_OF_RANGE' },
      });
    }

    // Up to date: nothing to replay, and the live updates follow.
    const current = feed(t, host.token, room.code, 5);
    try {
      await untilSubscribed(t.app, Channels.voteUpdated(room.id));
      await castVotes(t, room.code, host, 1, 'after-prune');
      expect((await current.waitFor(1)).map((e) => e.seq)).toEqual([6]);
    } finally {
      await current.dispose();
    }
  });

  it('still refuses outsiders', async () => {
    const { room } = await createRoom(t, 2);
    const { room: other } = await createRoom(t, 2);
    const stranger = await joinAsGuest(t, other.code);
    expect(await refusal(feed(t, stranger.token, room.code, 0))).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('voteUpdated(afterSeq:) after a restart', () => {
  it('replays from the database the updates committed while the subscriber was away', async () => {
    const storage = await freshStorage();
    const options = { databaseUrl: storage.databaseUrl, dataDir: storage.dataDir };
    let t = await startTestApp(options);
    try {
      const { host, room } = await createRoom(t, 100);
      const guest = await joinAsGuest(t, room.code);
      const before = feed(t, guest.token, room.code);
      await untilSubscribed(t.app, Channels.voteUpdated(room.id));
      await castVotes(t, room.code, host, 2, 'before-restart');
      expect((await before.waitFor(2)).map((e) => e.seq)).toEqual([1, 2]);
      await t.app.close();
      await expect(before.waitFor(3)).rejects.toThrow(/1001/);
      await before.dispose().catch(() => undefined);

      t = await startTestApp(options);
      const missed = await castVotes(t, room.code, host, 3, 'after-restart');
      const resumed = feed(t, guest.token, room.code, 2);
      try {
        const events = await resumed.waitFor(3);
        expect(events.map((e) => [e.seq, e.trackUri])).toEqual(
          missed.map((v, i) => [3 + i, v.trackUri]),
        );
        await castVotes(t, room.code, host, 1, 'live-after-restart');
        expect((await resumed.waitFor(4)).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
      } finally {
        await resumed.dispose();
      }
    } finally {
      await t.app.close();
      await storage.cleanup();
    }
  });
});
