import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from './support/databases.js';
import { eventually } from './support/eventually.js';
import {
  createRoom,
  joinAsGuest,
  perform,
  trackUri,
  voteOperation,
  voteUpdatedOperation,
  type VoteUpdate,
} from './support/factories.js';
import { dataOf, gql } from './support/graphql.js';
import { servicesAvailable, sharedRedisUrl } from './support/services.js';
import { ensureBuilt, spawnApp, type SpawnedApp } from './support/spawned-app.js';
import { subscribe, wsClient, type Collected } from './support/subscriptions.js';
import { startTestApp, TEST_SECRETS, testRedisUrl, type TestApp } from './support/test-app.js';

const available = await servicesAvailable('test/crowd-scale-out.e2e-spec.ts', [
  'postgres',
  'redis',
]);
const describeScaleOut = available ? describe : describe.skip;

/** Operations count for a second, subscription marks last three 300 ms heartbeats. */
const PRESENCE_ENV = { PRESENCE_WINDOW_MS: '1000', PRESENCE_HEARTBEAT_MS: '300' };
const THRESHOLD = `query($c: String!) { room(code: $c) { effectiveLikeThreshold activeParticipantCount } }`;
type Update = VoteUpdate & { status: string };

/**
 * Presence is shared by every instance: the threshold in force follows the participants
 * subscribed on A, on B and on a separate process C, as their sockets connect, close, and as C
 * crashes; the promotions a falling threshold makes reach subscribers on every instance once.
 */
describeScaleOut('A threshold that follows the crowd across instances (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let c: SpawnedApp;
  let cleanup: () => Promise<void>;
  const feeds: Array<Collected<unknown>> = [];

  beforeAll(async () => {
    const built = ensureBuilt();
    const database = await createPostgresDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'party-crowd-'));
    cleanup = async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const env = {
      REDIS_URL: testRedisUrl(sharedRedisUrl)!,
      RATE_LIMIT_GUEST_JOIN: '1000',
      ...PRESENCE_ENV,
    };
    a = await startTestApp({ env, databaseUrl: database.url, dataDir });
    b = await startTestApp({ env, databaseUrl: database.url, dataDir });
    await built;
    c = await spawnApp({
      env: {
        ...env,
        ...TEST_SECRETS,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
      },
    });
    await c.ready(40_000);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.dispose()));
    await c?.cleanup();
    await Promise.all([a?.close(), b?.close()]);
    await cleanup?.();
  });

  function live(wsUrl: string, token: string, code: string): Collected<Update> {
    const feed = subscribe<Update>(
      wsClient(wsUrl, token),
      voteUpdatedOperation(
        code,
        'trackUri likes likeThreshold play thresholdReached status seq roomCode at dislikes',
      ),
    );
    feeds.push(feed);
    return feed;
  }

  it('follows 4 → 6 → 3 active participants and pushes each promotion once to every instance', async () => {
    const { host, room } = await createRoom(a, 50);
    await perform(
      a,
      {
        query: 'mutation($c: String!) { updateRoom(code: $c, likeShare: 1) { likeShare } }',
        variables: { c: room.code },
      },
      host.token,
    );
    const guests = [];
    for (let i = 1; i <= 5; i++) {
      guests.push(await joinAsGuest(i % 2 ? a : b, room.code, `Guest ${i}`));
    }
    const [g1, g2, g3, g4, g5] = guests;
    const thresholdOn = async (instance: TestApp, token: string) =>
      dataOf(await gql(instance.url, THRESHOLD, { c: room.code }, token)).room as {
        effectiveLikeThreshold: number;
        activeParticipantCount: number;
      };
    /** A and B agree on the count and the threshold (likeShare 1: the same number). */
    const settlesAt = (count: number, timeoutMs = 10_000) =>
      eventually(
        async () => {
          const [onA, onB] = [await thresholdOn(a, host.token), await thresholdOn(b, g1.token)];
          const expected = { effectiveLikeThreshold: count, activeParticipantCount: count };
          expect(onA).toEqual(expected);
          expect(onB).toEqual(expected);
          return true;
        },
        { timeoutMs, what: `${count} active participants on both instances` },
      );

    // 4: the host on A, g1 on B, g2 on A, g3 on B; the others' joins age out of the window.
    const hostFeed = live(a.wsUrl, host.token, room.code);
    const g1Feed = live(b.wsUrl, g1.token, room.code);
    live(a.wsUrl, g2.token, room.code);
    const g3Feed = live(b.wsUrl, g3.token, room.code);
    await settlesAt(4);

    // 6: g4 on A and g5 on the separate process C.
    const g4Feed = live(a.wsUrl, g4.token, room.code);
    live(`ws://127.0.0.1:${c.port}/graphql`, g5.token, room.code);
    await settlesAt(6);

    // Below the threshold of 6: tracks with 5, 4, 3 and 2 likes stay QUEUED.
    const voters = [host, g1, g2, g3, g4, g5];
    const tracks = [trackUri(), trackUri(), trackUri(), trackUri()];
    let votes = 0;
    for (const [i, uri] of tracks.entries()) {
      for (const [v, voter] of voters.slice(0, 5 - i).entries()) {
        const instance = v % 2 ? b : a;
        const operation = voteOperation({ code: room.code, trackUri: uri, isLike: true });
        const { vote } = await perform(instance, operation, voter.token);
        expect(vote).toMatchObject({ likeThreshold: 6, thresholdReached: false });
        votes++;
      }
    }
    expect(votes).toBe(14);
    await Promise.all([hostFeed.waitFor(14), g1Feed.waitFor(14)]);

    // 3: g3's socket on B and g4's on A close, and C crashes with g5's subscription.
    const crashedAt = Date.now();
    c.child.kill('SIGKILL');
    await Promise.all([g3Feed.dispose(), g4Feed.dispose()]);
    await settlesAt(3, 60_000);
    // A crashed instance's subscriptions stop counting within a minute (here: 3 heartbeats).
    expect(Date.now() - crashedAt).toBeLessThan(60_000);

    // Each promotion arrives once, on both instances, with its own seq, most liked first.
    await Promise.all([hostFeed.waitFor(17, 10_000), g1Feed.waitFor(17, 10_000)]);
    // One more vote: whatever was pushed after the promotions has arrived before it.
    const last = trackUri();
    await perform(a, voteOperation({ code: room.code, trackUri: last, isLike: true }), host.token);
    await Promise.all([hostFeed.waitFor(18), g1Feed.waitFor(18)]);
    for (const feed of [hostFeed, g1Feed]) {
      expect(feed.events.map((e) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      const promotions = feed.events.filter((e) => e.thresholdReached);
      expect(promotions.map((e) => [e.trackUri, e.likes, e.seq])).toEqual([
        [tracks[0], 5, 15],
        [tracks[1], 4, 16],
        [tracks[2], 3, 17],
      ]);
      // The sockets close one by one, so the threshold may fall in steps (6 → 5 → 4 → 3): each
      // promotion names the threshold in force when it happened.
      for (const promotion of promotions) {
        expect(promotion.likeThreshold).toBeGreaterThanOrEqual(3);
        expect(promotion.likeThreshold).toBeLessThanOrEqual(promotion.likes);
      }
      expect(promotions.every((e) => e.status === 'READY' && e.play)).toBe(true);
    }
    // The track with 2 likes stays QUEUED; the three promoted ones are the queue, in that order.
    const read = dataOf(
      await gql(
        b.url,
        `query($c: String!) { room(code: $c) { queue { uri } tracks(status: QUEUED) { uri } } }`,
        { c: room.code },
        g1.token,
      ),
    ).room as { queue: Array<{ uri: string }>; tracks: Array<{ uri: string }> };
    expect(read.queue.map((q) => q.uri)).toEqual(tracks.slice(0, 3));
    expect(read.tracks.map((q) => q.uri).sort()).toEqual([tracks[3], last].sort());
  }, 120_000);
});
