import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginWithSpotify } from './support/browser.js';
import {
  createRoomOperation,
  joinAsGuestOperation,
  perform,
  trackUri,
  voteOperation,
  voteUpdatedAfterOperation,
  type VoteUpdate,
} from './support/factories.js';
import { getHealth } from './support/health.js';
import { canonical, schemaFile, servedSchema } from './support/schema.js';
import { ensureBuilt, projectRoot, spawnApp, type SpawnedApp } from './support/spawned-app.js';
import { subscribe, wsClient } from './support/subscriptions.js';

/**
 * `npm start` runs dist/server.mjs, the server and its pure-JavaScript dependencies bundled into
 * one file (scripts/bundle.mjs). A package that is bundled and also loaded by name at run time
 * would exist twice (two Nests, two TypeORMs: different classes and metadata, and the time to load
 * them). The process is watched with a module recorder while it goes through a party.
 */
describe('The bundled server (npm start)', () => {
  let app: SpawnedApp;
  let recordDir: string;
  const recordFile = () => join(recordDir, 'modules.txt');

  beforeAll(async () => {
    await ensureBuilt();
    recordDir = mkdtempSync(join(tmpdir(), 'party-bundle-'));
    app = await spawnApp({
      env: { NODE_ENV: 'development', LOG_LEVEL: 'warn', RECORD_MODULES: recordFile() },
      nodeArgs: ['--import', join(projectRoot, 'test/support/record-modules.mjs')],
    });
    await app.ready(20_000);
  }, 180_000);
  afterAll(async () => {
    await app?.cleanup();
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
  });

  it('hosts a party: sandbox login, room, guest, vote seen live, health', async () => {
    const { response } = await loginWithSpotify(app.url, 'dj-alex');
    expect(response.status).toBe(200);
    const { accessToken: hostToken } = (await response.json()) as { accessToken: string };
    const { createRoom: room } = await perform(
      app,
      createRoomOperation({ likeThreshold: 1 }, 'code'),
      hostToken,
    );
    const { joinAsGuest: guest } = await perform(app, joinAsGuestOperation(room.code, 'Sam'));

    const uri = trackUri('bundle');
    const { vote } = await perform(
      app,
      voteOperation({ code: room.code, trackUri: uri, isLike: true }, 'likes thresholdReached'),
      guest.accessToken,
    );
    expect(vote).toEqual({ likes: 1, thresholdReached: true });

    // Subscribed after the vote, from seq 0: the update comes from the room's event log.
    const wsUrl = `ws://127.0.0.1:${app.port}/graphql`;
    const feed = subscribe<VoteUpdate>(
      wsClient(wsUrl, hostToken),
      voteUpdatedAfterOperation(room.code, 0),
    );
    try {
      const [event] = await feed.waitFor(1);
      expect(event).toMatchObject({ roomCode: room.code, trackUri: uri, likes: 1, seq: 1 });
    } finally {
      await feed.dispose();
    }
    expect((await getHealth(app.url)).status).toBe(200);
  }, 60_000);

  it('serves the schema the sources declare (src/schema.gql), every name kept', async () => {
    // The bundle must not rename what the schema is built from (classes named after types).
    const committed = schemaFile(join(projectRoot, 'src/schema.gql'));
    expect(canonical(await servedSchema(app.url))).toBe(canonical(committed));
  });

  it('loads no bundled package a second time from node_modules', () => {
    const bundled = new Set(
      JSON.parse(readFileSync(join(projectRoot, 'dist/server.packages.json'), 'utf8')) as string[],
    );
    const loaded = readFileSync(recordFile(), 'utf8').trim().split('\n');
    // The recorder must have seen what stays outside the bundle, or it saw nothing at all.
    const installed = (name: string) => join(projectRoot, 'node_modules', name);
    expect(loaded).toEqual(
      expect.arrayContaining(['typeorm', 'sqlite3', 'class-validator'].map(installed)),
    );
    // fdir (bundled) requires picomatch by name; both are stateless, a second copy costs ~5 ms.
    const twice = loaded.filter(
      (folder) => bundled.has(folder) && folder !== installed('picomatch'),
    );
    expect(twice).toEqual([]);
  });
});
