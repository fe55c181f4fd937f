import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSpotifySandbox } from '../src/spotify-sandbox/index.js';
import { startExternalSpotify } from './support/external-spotify.js';
import { loginWithSpotify } from './support/browser.js';
import { createPostgresDatabase } from './support/databases.js';
import { Channels } from '../src/realtime/channels.js';
import {
  createRoom,
  joinAsGuest,
  meOperation,
  roomTracksOperation,
  run,
  trackUri,
  voteOperation,
  voteUpdatedAfterOperation,
  voteUpdatedOperation,
  type VoteUpdate,
} from './support/factories.js';
import { errorCode } from './support/graphql.js';
import { servicesAvailable, sharedRedisUrl, ThrowawayRedis } from './support/services.js';
import { eventually } from './support/eventually.js';
import { getHealth, type HealthReport } from './support/health.js';
import { ensureBuilt, spawnApp, type SpawnedApp } from './support/spawned-app.js';
import {
  subscribe,
  untilRedisSubscribers,
  untilSubscribed,
  wsClient,
  type Collected,
} from './support/subscriptions.js';
import {
  freePort,
  startTestApp,
  TEST_SECRETS,
  testRedisUrl,
  type TestApp,
} from './support/test-app.js';

const FIELDS = 'trackUri likes dislikes thresholdReached play seq';
const voteUpdated = (code: string) => voteUpdatedOperation(code, FIELDS);

const available = await servicesAvailable('test/scale-out.e2e-spec.ts', [
  'postgres',
  'redis',
  'redis-server',
]);
const describeScaleOut = available ? describe : describe.skip;

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** A few instances on one PostgreSQL database and one Redis, as behind a load balancer. */
interface Cluster {
  databaseUrl: string;
  dataDir: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function createCluster(env: Record<string, string> = {}): Promise<Cluster> {
  const database = await createPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'party-scale-'));
  return {
    databaseUrl: database.url,
    dataDir,
    // One key prefix for the whole cluster: its instances share rate-limit counters.
    env: { REDIS_URL: testRedisUrl(sharedRedisUrl)!, RATE_LIMIT_GUEST_JOIN: '1000', ...env },
    cleanup: async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Instances start one after the other, as a rolling deployment does: migrations run once. */
async function startInstances(
  cluster: Cluster,
  count: number,
  env: Record<string, string> = {},
): Promise<TestApp[]> {
  const apps: TestApp[] = [];
  for (let i = 0; i < count; i++) {
    apps.push(
      await startTestApp({
        env: { ...cluster.env, ...env },
        databaseUrl: cluster.databaseUrl,
        dataDir: cluster.dataDir,
      }),
    );
  }
  return apps;
}

async function waitForHealth(
  url: string,
  status: number,
  timeoutMs = 10_000,
): Promise<HealthReport> {
  let last: Awaited<ReturnType<typeof getHealth>> | undefined;
  await eventually(async () => (last = await getHealth(url)).status === status, {
    timeoutMs,
    intervalMs: 100,
    what: `/health to answer ${status}`,
  }).catch((error: Error) => {
    throw new Error(`/health stayed ${last?.status}: ${JSON.stringify(last?.body)}`, {
      cause: error,
    });
  });
  return last!.body;
}

/** Casts a vote on any instance, in-process or spawned. */
function vote(instance: { url: string }, code: string, uri: string, token: string) {
  return run(instance, voteOperation({ code, trackUri: uri, isLike: true }), token);
}

async function tracksOf(t: TestApp, code: string, token: string) {
  const response = await run(
    t,
    roomTracksOperation(code, { fields: 'uri likes dislikes status' }),
    token,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.room.tracks as Array<{ uri: string; likes: number; status: string }>;
}

/** POSTs a vote whose body is held back until `release()`: a request in flight. */
function heldBackVote(app: SpawnedApp, code: string, uri: string, token: string) {
  const body = JSON.stringify({
    query: voteOperation({ code, trackUri: uri, isLike: true }).query,
    variables: { input: { code, trackUri: uri, isLike: true } },
  });
  const req = request(`${app.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${token}`,
    },
  });
  const answered = new Promise<{ status?: number; json: any }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
    });
  });
  // Sent once connected and the first bytes are with the kernel: C has the request from then on.
  const sent = new Promise<void>((resolve, reject) =>
    req.write(body.slice(0, 10), (error) => (error ? reject(error) : resolve())),
  );
  return {
    answered,
    sent,
    release: () => req.end(body.slice(10)),
  };
}

describeScaleOut('Instances on one PostgreSQL database and one Redis', () => {
  let sandbox: RunningSpotifySandbox;
  let cluster: Cluster;
  let a: TestApp;
  let b: TestApp;
  /** A real process (node dist/server.mjs), so that it can be stopped with a real SIGTERM. */
  let c: SpawnedApp;

  beforeAll(async () => {
    const built = ensureBuilt();
    // A Spotify stand-in outside every instance, so a login can begin on one and end on another.
    const portA = await freePort();
    const external = await startExternalSpotify(`http://127.0.0.1:${portA}/auth/callback`);
    sandbox = external.sandbox;
    cluster = await createCluster({
      RATE_LIMIT_MUTATIONS: '4',
      ...external.env,
    });
    const shared = { env: cluster.env, databaseUrl: cluster.databaseUrl, dataDir: cluster.dataDir };
    // A migrates the database first; B and C then start side by side, as in a rolling deployment.
    a = await startTestApp({ ...shared, port: portA });
    await built;
    [b, c] = await Promise.all([
      startTestApp(shared),
      spawnApp({
        env: {
          ...cluster.env,
          ...TEST_SECRETS,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: cluster.databaseUrl,
          DATA_DIR: cluster.dataDir,
        },
      }),
    ]);
    await c.ready(20_000);
  }, 120_000);
  afterAll(async () => {
    await c?.cleanup();
    await a?.close();
    await b?.close();
    await cluster?.cleanup();
    await sandbox?.close();
  });

  it('reports Redis up on every connection', async () => {
    const health = await getHealth(a.url);
    expect(health.status).toBe(200);
    expect(health.body.info.redis).toEqual({
      status: 'up',
      connections: { commands: 'ready', publisher: 'ready', subscriber: 'ready' },
    });
  });

  it('delivers to a subscriber on A the votes cast on B, in order', async () => {
    const { host, room } = await createRoom(a, 50);
    const feed = subscribe<VoteUpdate>(wsClient(a.wsUrl, host.token), voteUpdated(room.code));
    try {
      await untilSubscribed(a.app, Channels.voteUpdated(room.id));
      const uri = trackUri('order');
      for (let i = 0; i < 6; i++) {
        const guest = await joinAsGuest(b, room.code, `Guest ${i}`);
        const response = await vote(b, room.code, uri, guest.token);
        expect(response.errors).toBeUndefined();
        expect(response.data!.vote).toMatchObject({ likes: i + 1 });
      }
      const events = await feed.waitFor(6);
      expect(events.map((e) => e.seq)).toEqual(range(6));
      expect(events.map((e) => e.likes)).toEqual(range(6));
      expect(events.every((e) => e.trackUri === uri && !e.thresholdReached)).toBe(true);
    } finally {
      await feed.dispose();
    }
  });

  it('counts 100 concurrent votes over both instances exactly, with one thresholdReached', async () => {
    const threshold = 40;
    const { host, room } = await createRoom(a, threshold);
    const watcher = await joinAsGuest(b, room.code, 'Watcher');
    const instances = [a, b];
    const guests = await Promise.all(
      range(100).map((i) => joinAsGuest(instances[i % 2], room.code, `Voter ${i}`)),
    );
    const feeds: Array<Collected<VoteUpdate>> = [
      subscribe<VoteUpdate>(wsClient(a.wsUrl, host.token), voteUpdated(room.code)),
      subscribe<VoteUpdate>(wsClient(b.wsUrl, watcher.token), voteUpdated(room.code)),
    ];
    try {
      await untilSubscribed(a.app, Channels.voteUpdated(room.id));
      await untilSubscribed(b.app, Channels.voteUpdated(room.id));
      const uri = trackUri('stampede');
      const responses = await Promise.all(
        guests.map((guest, i) => vote(instances[(i + 1) % 2], room.code, uri, guest.token)),
      );
      expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
      const results = responses.map(
        (r) => r.data!.vote as { likes: number; thresholdReached: boolean },
      );
      // Each vote saw the tally right after its own commit: 1..100, each exactly once.
      expect(results.map((r) => r.likes).sort((x, y) => x - y)).toEqual(range(100));
      expect(results.filter((r) => r.thresholdReached)).toEqual([
        expect.objectContaining({ likes: threshold }),
      ]);

      for (const feed of feeds) {
        const events = [...(await feed.waitFor(100, 10_000))].sort((x, y) => x.seq - y.seq);
        expect(events.map((e) => e.seq)).toEqual(range(100));
        expect(events.map((e) => e.likes)).toEqual(range(100));
        expect(events.filter((e) => e.thresholdReached).map((e) => e.likes)).toEqual([threshold]);
      }
      expect(await tracksOf(b, room.code, host.token)).toEqual([
        { uri, likes: 100, dislikes: 0, status: 'READY' },
      ]);
    } finally {
      await Promise.all(feeds.map((feed) => feed.dispose()));
    }
  });

  it('shares rate-limit counters: the 5th mutation of a user is refused, wherever it lands', async () => {
    const { room } = await createRoom(a, 10);
    const guest = await joinAsGuest(a, room.code);
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const response = await vote([a, b][i % 2], room.code, trackUri(`limit-${i}`), guest.token);
      codes.push(errorCode(response) ?? 'OK');
    }
    // With per-instance counters each instance would have seen at most 3 and let all 5 through.
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
  });

  it('completes on instance B a login begun on instance A (OAuth state in the database)', async () => {
    const { response, browser, callbackUrl } = await loginWithSpotify(a.url, 'casey', {
      callbackBase: b.url,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { accessToken: string };
    const me = await run(a, meOperation('spotifyId'), body.accessToken);
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: { spotifyId: 'casey' } });
    // The same callback replayed on A is refused: B used the state up, for every instance.
    const replay = await browser.fetch(new URL(callbackUrl.pathname + callbackUrl.search, a.url));
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('drains: the in-flight vote is counted, sockets close with 1001, A serves on with nothing lost', async () => {
    const { host, room } = await createRoom(a, 100);
    const guests: Array<{ token: string; userId: string }> = [];
    for (let i = 0; i < 10; i++) guests.push(await joinAsGuest(a, room.code, `G${i}`));
    const channel = Channels.voteUpdated(room.id);
    const onA = subscribe<VoteUpdate>(wsClient(a.wsUrl, host.token), voteUpdated(room.code));
    const onC = subscribe<VoteUpdate>(
      wsClient(`ws://127.0.0.1:${c.port}/graphql`, guests[0].token),
      voteUpdated(room.code),
    );
    try {
      await untilSubscribed(a.app, channel);
      // C is another process: its subscription shows as its own Redis subscriber, beside A's.
      await untilRedisSubscribers(cluster.env.REDIS_URL, channel, 2);
      const uri = trackUri('drain');
      for (const guest of guests.slice(0, 4)) {
        expect((await vote(c, room.code, uri, guest.token)).errors).toBeUndefined();
      }
      await onC.waitFor(4);

      const inFlight = heldBackVote(c, room.code, uri, guests[4].token);
      await inFlight.sent;
      c.child.kill('SIGTERM');
      const exited = c.exited(8000);
      // The drain has begun once C closes its sockets, before it stops serving HTTP.
      await eventually(() => onC.errors.length > 0, { what: 'C closing its sockets' });
      inFlight.release();
      const answer = await inFlight.answered;
      expect(answer.status).toBe(200);
      expect(answer.json.errors).toBeUndefined();
      expect(answer.json.data.vote).toMatchObject({ likes: 5 });

      // The stopped instance's subscriber is told to go elsewhere, not dropped.
      await expect(onC.waitFor(6, 5000)).rejects.toThrow(/1001/);
      expect(onC.errors).toEqual([{ code: 1001, reason: 'Server shutting down' }]);
      expect(await exited).toEqual({ code: 0, signal: null });

      // A load balancer now sends everything to A, including the socket's reconnection, which
      // resumes after the last update it got from C: nothing cast meanwhile is missed.
      const lastSeen = onC.events[onC.events.length - 1].seq;
      for (const guest of guests.slice(5, 7)) {
        expect((await vote(a, room.code, uri, guest.token)).errors).toBeUndefined();
      }
      const reconnected = subscribe<VoteUpdate>(
        wsClient(a.wsUrl, guests[0].token),
        voteUpdatedAfterOperation(room.code, lastSeen, FIELDS),
      );
      await reconnected.waitFor(7 - lastSeen);
      for (const guest of guests.slice(7)) {
        expect((await vote(a, room.code, uri, guest.token)).errors).toBeUndefined();
      }
      const resumed = await reconnected.waitFor(10 - lastSeen);
      expect(resumed.map((e) => e.seq)).toEqual(range(10).slice(lastSeen));
      expect(resumed.map((e) => e.likes)).toEqual(range(10).slice(lastSeen));
      await reconnected.dispose();

      const events = await onA.waitFor(10);
      expect(events.map((e) => e.seq)).toEqual(range(10));
      expect(events.map((e) => e.likes)).toEqual(range(10));
      expect(await tracksOf(a, room.code, host.token)).toEqual([
        { uri, likes: 10, dislikes: 0, status: 'QUEUED' },
      ]);
    } finally {
      await onA.dispose();
      await onC.dispose().catch(() => undefined);
    }
  });
});

describeScaleOut('Redis restarted mid-party', () => {
  let redis: ThrowawayRedis;
  let cluster: Cluster;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = new ThrowawayRedis(await freePort());
    await redis.start();
    cluster = await createCluster();
    [a, b] = await startInstances(cluster, 2, { REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.kill();
    await cluster?.cleanup();
  });

  it('reports the outage, keeps counting votes, and delivers again once Redis is back', async () => {
    const { host, room } = await createRoom(a, 10);
    const guests = await Promise.all(range(3).map((i) => joinAsGuest(b, room.code, `G${i}`)));
    const feed = subscribe<VoteUpdate>(wsClient(a.wsUrl, host.token), voteUpdated(room.code));
    try {
      await untilSubscribed(a.app, Channels.voteUpdated(room.id));
      const uri = trackUri('outage');
      expect((await vote(b, room.code, uri, guests[0].token)).errors).toBeUndefined();
      await feed.waitFor(1);

      await redis.kill();
      const down = await waitForHealth(a.url, 503, 5000);
      expect(down.error.redis).toMatchObject({
        status: 'down',
        message: expect.stringMatching(/^Redis is not reachable/),
      });
      expect(down.info.database.status).toBe('up');

      // Votes live in PostgreSQL: one cast during the outage is counted and answered normally.
      const during = await vote(b, room.code, uri, guests[1].token);
      expect(during.errors).toBeUndefined();
      expect(during.data!.vote).toMatchObject({ likes: 2 });

      await redis.start();
      await waitForHealth(a.url, 200);
      await waitForHealth(b.url, 200);

      // The subscriber on A, connected all along, gets updates again without a restart.
      expect((await vote(b, room.code, uri, guests[2].token)).errors).toBeUndefined();
      const events = await feed.waitFor(2, 5000);
      expect(events.map((e) => [e.seq, e.likes])).toEqual([
        [1, 1],
        [3, 3],
      ]);
      // The update published during the outage never went out live: the gap in seq shows it.
      expect(feed.errors).toEqual([]);
      expect(await tracksOf(a, room.code, host.token)).toEqual([
        { uri, likes: 3, dislikes: 0, status: 'QUEUED' },
      ]);
      // Resuming after the last update before the gap delivers it, on any instance.
      const resumed = subscribe<VoteUpdate>(
        wsClient(b.wsUrl, host.token),
        voteUpdatedAfterOperation(room.code, 1, FIELDS),
      );
      try {
        expect((await resumed.waitFor(2)).map((e) => [e.seq, e.likes])).toEqual([
          [2, 2],
          [3, 3],
        ]);
        expect(resumed.errors).toEqual([]);
      } finally {
        await resumed.dispose();
      }
    } finally {
      await feed.dispose();
    }
  });
});
