import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PlaybackDriver } from '../src/playback/playback.driver.js';
import { RoomPlayback } from '../src/playback/room-playback.entity.js';
import { sandboxCatalogue, type RunningSpotifySandbox } from '../src/spotify-sandbox/index.js';
import { createPostgresDatabase } from './support/databases.js';
import { startExternalSpotify } from './support/external-spotify.js';
import { run, voteOperation } from './support/factories.js';
import { gql } from './support/graphql.js';
import { loginAs, type SpotifyLogin } from './support/login.js';
import { partyView, PLAY, sandboxControl, until, type SandboxControl } from './support/party.js';
import { servicesAvailable, sharedRedisUrl } from './support/services.js';
import { ensureBuilt, spawnApp, type SpawnedApp } from './support/spawned-app.js';
import {
  freePort,
  startTestApp,
  TEST_SECRETS,
  testRedisUrl,
  type TestApp,
} from './support/test-app.js';

const available = await servicesAvailable('test/autoplay-scale-out.e2e-spec.ts', [
  'postgres',
  'redis',
]);
const describeScaleOut = available ? describe : describe.skip;

const catalogue = sandboxCatalogue();
const uriAt = (i: number) => catalogue[i].uri;

/**
 * Three instances on one PostgreSQL and one Redis drive parties: the production lease (9 s,
 * renewed every 3 s) with a 1 s look while playing. C is a real process, so it can die for real.
 */
describeScaleOut('Autoplay on several instances (PostgreSQL + Redis)', () => {
  let spotify: RunningSpotifySandbox;
  let sandbox: SandboxControl;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let dataDir: string;
  let env: Record<string, string>;
  let a: TestApp;
  let b: TestApp;
  let c: SpawnedApp;
  let host: SpotifyLogin;

  const createRoom = async () => {
    const response = await gql(
      a.url,
      'mutation { createRoom(input: { likeThreshold: 1 }) { code } }',
      {},
      host.token,
    );
    return response.data!.createRoom.code as string;
  };
  const makeReady = async (code: string, uri: string) => {
    const vote = await run(a, voteOperation({ code, trackUri: uri, isLike: true }), host.token);
    expect(vote.data!.vote.thresholdReached).toBe(true);
  };
  const startParty = (baseUrl: string, code: string) =>
    gql(
      baseUrl,
      'mutation($c: String!) { startParty(code: $c) { autoplay } }',
      { c: code },
      host.token,
    );
  const stopParty = (code: string) =>
    gql(
      a.url,
      'mutation($c: String!) { stopParty(code: $c) { autoplay } }',
      { c: code },
      host.token,
    );
  const view = (code: string) => partyView(a.url, code, host.token);
  const playsOf = () => sandbox.requests('PUT', PLAY);
  const driverOf = async (code: string) => {
    const room = await gql(
      a.url,
      'query($c: String!) { room(code: $c) { id } }',
      { c: code },
      host.token,
    );
    const row = await a.app
      .get(DataSource)
      .getRepository(RoomPlayback)
      .findOneByOrFail({ roomId: room.data!.room.id as string });
    return row.driverId;
  };

  beforeAll(async () => {
    const built = ensureBuilt();
    const portA = await freePort();
    const external = await startExternalSpotify(`http://127.0.0.1:${portA}/auth/callback`);
    spotify = external.sandbox;
    sandbox = sandboxControl(`${spotify.url}/__control`);
    const database = await createPostgresDatabase();
    databaseUrl = database.url;
    dropDatabase = () => database.drop();
    dataDir = mkdtempSync(join(tmpdir(), 'party-autoplay-'));
    env = {
      ...external.env,
      REDIS_URL: testRedisUrl(sharedRedisUrl)!,
      PLAYBACK_POLL_MS: '1000',
      PLAYBACK_DEVICE_POLL_MS: '1000',
    };
    a = await startTestApp({ env, databaseUrl, dataDir, port: portA });
    await built;
    [b, c] = await Promise.all([
      startTestApp({ env, databaseUrl, dataDir }),
      spawnApp({
        env: {
          ...env,
          ...TEST_SECRETS,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: databaseUrl,
          DATA_DIR: dataDir,
        },
      }),
    ]);
    await c.ready(40_000);
    host = await loginAs(a, 'dj-alex');
  }, 120_000);
  afterAll(async () => {
    await c?.cleanup();
    await a?.close();
    await b?.close();
    await dropDatabase?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await spotify?.close();
  });

  it('commands each transition once: one play per track, one skip for two skip calls', async () => {
    await sandbox.call('/reset', {});
    await sandbox.call('/settings', { trackDurationMs: 2500 });
    host = await loginAs(a, 'dj-alex');
    const code = await createRoom();
    const tracks = [uriAt(200), uriAt(201), uriAt(202), uriAt(203)];
    for (const uri of tracks) await makeReady(code, uri);
    // Every instance is asked at once; one of them drives.
    const started = await Promise.all([a, b].map((app) => startParty(app.url, code)));
    for (const response of started) expect(response.data!.startParty.autoplay).toBe(true);
    await until(playsOf, (plays) => plays.length === 1, 5000, 'the first play');
    // Two skips at once, through A and B, while one of the instances drives: one skip happens.
    const skips = await Promise.all(
      [a, b].map((app) =>
        gql(
          app.url,
          'mutation($c: String!) { skipTrack(code: $c) { track { uri } } }',
          { c: code },
          host.token,
        ),
      ),
    );
    for (const skipped of skips) expect(skipped.data!.skipTrack.track.uri).toBe(tracks[1]);
    const done = await until(
      () => view(code),
      (v) => v.history.length === 4 && v.playback.state === 'WAITING_FOR_TRACKS',
      30_000,
      'all four tracks',
    );
    expect(done.history.map((h) => [h.uri, h.status])).toEqual([
      [tracks[0], 'SKIPPED'],
      [tracks[1], 'PLAYED'],
      [tracks[2], 'PLAYED'],
      [tracks[3], 'PLAYED'],
    ]);
    const plays = await playsOf();
    expect(plays).toHaveLength(4);
    expect((await sandbox.player()).history).toEqual(tracks);
    await stopParty(code);
  }, 60_000);

  it('hands a dead instance’s party over within 15 s; a hand-over mid-track restarts nothing', async () => {
    await sandbox.call('/reset', {});
    await sandbox.call('/settings', { trackDurationMs: 8000 });
    host = await loginAs(a, 'dj-alex');
    const code = await createRoom();
    const tracks = [uriAt(210), uriAt(211), uriAt(212)];
    for (const uri of tracks) await makeReady(code, uri);
    // The party is started on C, so C drives it.
    expect((await startParty(c.url, code)).data!.startParty.autoplay).toBe(true);
    await until(playsOf, (plays) => plays.length === 1, 5000, 'the first play');
    const ours = new Set<string>([
      a.app.get(PlaybackDriver).instanceId,
      b.app.get(PlaybackDriver).instanceId,
    ]);
    const driver = await driverOf(code);
    expect(driver).not.toBeNull();
    expect(ours.has(driver!)).toBe(false);

    const killedAt = Date.now();
    c.child.kill('SIGKILL');
    await c.exited(5000);
    await until(
      () => driverOf(code),
      (id) => id !== null && ours.has(id),
      16_000,
      'A or B to take the party over',
    );
    expect(Date.now() - killedAt).toBeLessThanOrEqual(15_000);

    const done = await until(
      () => view(code),
      (v) => v.history.length === 3,
      40_000,
      'the three tracks',
    );
    expect(done.history.map((h) => [h.uri, h.status])).toEqual(tracks.map((u) => [u, 'PLAYED']));
    // Taken over mid-track or between tracks, nothing was started twice.
    const plays = await playsOf();
    expect(plays).toHaveLength(3);
    expect((await sandbox.player()).history).toEqual(tracks);
    await stopParty(code);
  }, 90_000);

  it('carries on over a restart mid-track without restarting the track', async () => {
    await sandbox.call('/reset', {});
    await sandbox.call('/settings', { trackDurationMs: 6000 });
    host = await loginAs(a, 'dj-alex');
    const code = await createRoom();
    await makeReady(code, uriAt(220));
    await makeReady(code, uriAt(221));
    // B starts and drives the party, then restarts (a deployment) two seconds into the track.
    await startParty(b.url, code);
    await until(playsOf, (plays) => plays.length === 1, 5000, 'the first play');
    await until(
      () => view(code),
      (v) => (v.playback.progressMs ?? 0) >= 1000,
      5000,
      'a second of the first track',
    );
    const port = b.port;
    await b.close();
    b = await startTestApp({ env, databaseUrl, dataDir, port });

    const next = await until(
      () => view(code),
      (v) => v.playback.track?.uri === uriAt(221),
      20_000,
      'the second track',
    );
    expect(next.history.map((h) => h.uri)).toEqual([uriAt(220)]);
    const plays = await playsOf();
    expect(plays).toHaveLength(2);
    // The second started on time: within 2 s of the first one's end.
    const gap = Date.parse(plays[1].at) - Date.parse(plays[0].at);
    expect(gap).toBeLessThanOrEqual(6000 + 2000);
    await stopParty(code);
  }, 60_000);
});
