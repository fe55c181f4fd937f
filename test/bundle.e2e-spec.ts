import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginWithSpotify } from './support/browser.js';
import {
  createRoomOperation,
  joinAsGuestOperation,
  perform,
  run,
  trackUri,
  voteOperation,
  voteUpdatedAfterOperation,
  type VoteUpdate,
} from './support/factories.js';
import { failedMusts, runAudits, SHOULD_NOT_MET, unmetShoulds } from './support/graphql-audits.js';
import { errorCode } from './support/graphql.js';
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
    // class-validator, bundled, behind Nest's ValidationPipe (which loads it by name).
    const refused = await run(app, createRoomOperation({ likeThreshold: 0 }, 'code'), hostToken);
    expect(refused.data).toBeNull();
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('likeThreshold must be between 1 and 1000');

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

  // scripts/bundle.mjs edits Apollo's per-request work (the operation's hash, the Accept and
  // Content-Type headers, the query string) to be remembered: the answers must stay Apollo's.
  it("answers GraphQL over HTTP as Apollo does, with the bundle's edits to it", async () => {
    const results = await runAudits(app.url);
    expect(failedMusts(results)).toEqual([]);
    expect(unmetShoulds(results)).toEqual(SHOULD_NOT_MET);

    const post = async (query: string, accept?: string) => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
        body: JSON.stringify({ query }),
      });
      return [response.status, response.headers.get('content-type'), await response.text()];
    };
    // Twice each, alternating: what is remembered belongs to its own header or operation.
    for (let round = 0; round < 2; round++) {
      expect(await post('{ __typename }', 'application/graphql-response+json')).toEqual([
        200,
        'application/graphql-response+json; charset=utf-8',
        '{"data":{"__typename":"Query"}}\n',
      ]);
      expect(await post('{ a: __typename }', 'application/json')).toEqual([
        200,
        'application/json; charset=utf-8',
        '{"data":{"a":"Query"}}\n',
      ]);
      expect(await post('{ b: __typename }')).toEqual([
        200,
        'application/json; charset=utf-8',
        '{"data":{"b":"Query"}}\n',
      ]);
      expect((await post('{ __typename }', 'text/html'))[0]).toBe(406);
    }

    const get = async (search: string, headers: Record<string, string>) => {
      const response = await fetch(`${app.url}/graphql${search}`, { headers });
      return [response.status, await response.text()];
    };
    const query = `?query=${encodeURIComponent('query($n: String!) { __type(name: $n) { name } }')}`;
    const variables = `&variables=${encodeURIComponent('{"n":"Room"}')}`;
    for (let round = 0; round < 2; round++) {
      // A simple request (no preflight) is refused: Apollo's CSRF prevention.
      const [refused, why] = await get(query + variables, { 'content-type': 'text/plain' });
      expect(refused).toBe(400);
      expect(why).toContain('CSRF');
      expect(await get(query + variables, { 'apollo-require-preflight': 'true' })).toEqual([
        200,
        '{"data":{"__type":{"name":"Room"}}}\n',
      ]);
    }
  });

  it('is all ASCII, so that reading it as Latin-1 (dist/server.mjs) gives its exact text', () => {
    const bytes = readFileSync(join(projectRoot, 'dist/server.cjs'));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
    // The non-ASCII text of the packages (comments) is there, escaped.
    expect(bytes.toString('latin1')).toContain('\\u2013');
  });

  it('loads no bundled package a second time from node_modules', () => {
    const bundled = new Set(
      JSON.parse(readFileSync(join(projectRoot, 'dist/server.packages.json'), 'utf8')) as string[],
    );
    const loaded = readFileSync(recordFile(), 'utf8').trim().split('\n');
    // The recorder must have seen what stays outside the bundle, or it saw nothing at all.
    const installed = (name: string) => join(projectRoot, 'node_modules', name);
    expect(loaded).toEqual(expect.arrayContaining(['sqlite3', 'pino'].map(installed)));
    // Packages that others load by name at run time are inside all the same (one copy each).
    for (const name of ['typeorm', 'class-validator', 'class-transformer']) {
      expect(bundled).toContain(installed(name));
    }
    // fdir (bundled) requires picomatch by name; both are stateless, a second copy costs ~5 ms.
    const twice = loaded.filter(
      (folder) => bundled.has(folder) && folder !== installed('picomatch'),
    );
    expect(twice).toEqual([]);
  });
});

/**
 * dist/server.mjs compiles the bundle (dist/server.cjs) from V8's code cache, which a start
 * without one writes once it listens. Run from a copy of the two files in a folder of its
 * own next to dist/, so that other suites' servers do not write the cache meanwhile.
 */
describe('The code cache of the bundled server', () => {
  let dir: string;
  const cacheFile = () => join(dir, 'server.cjs.code-cache');
  /** What the cache is checked against: the bundle's size and modification time. */
  const bundleKey = () => {
    const { size, mtimeMs } = statSync(join(dir, 'server.cjs'));
    return Buffer.from(`${size}:${mtimeMs}\n`);
  };
  const keyOf = (cache: Buffer) => cache.subarray(0, cache.indexOf('\n') + 1);
  /**
   * One start to /health 200 and a SIGTERM; the exit code, and whether the cache file existed
   * while the server was up (written once it listens, not at exit).
   */
  const startAndStop = async () => {
    const app = await spawnApp({
      script: join(dir, 'server.mjs'),
      env: { LOG_LEVEL: 'warn', DATABASE_URL: 'sqlite::memory:' },
    });
    try {
      await app.ready(20_000);
      const cachedWhileUp = existsSync(cacheFile());
      app.child.kill('SIGTERM');
      return { code: (await app.exited(15_000)).code, cachedWhileUp };
    } finally {
      await app.cleanup();
    }
  };

  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(projectRoot, '.code-cache-test-'));
    for (const name of ['server.mjs', 'server.cjs']) {
      copyFileSync(join(projectRoot, 'dist', name), join(dir, name));
    }
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is written once the first start listens, then used as it is, and rewritten when it does not fit', async () => {
    expect(existsSync(cacheFile())).toBe(false);
    // Written while the server is up: a cache written at exit, after serving a while, lacks
    // the bytecode V8 flushed meanwhile (the start's own), and made every later start slower.
    expect(await startAndStop()).toEqual({ code: 0, cachedWhileUp: true });
    const written = readFileSync(cacheFile());
    // The bundle's key, then V8's data (megabytes: the functions the start compiled).
    expect(keyOf(written).toString()).toBe(bundleKey().toString());
    expect(written.length).toBeGreaterThan(1_000_000);

    // Used: V8 accepted it, so nothing is written again.
    const { mtimeMs } = statSync(cacheFile());
    expect((await startAndStop()).code).toBe(0);
    expect(statSync(cacheFile()).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(cacheFile()).equals(written)).toBe(true);

    // Damaged data under the right key: V8 rejects it, the server starts all the same.
    writeFileSync(cacheFile(), Buffer.concat([bundleKey(), Buffer.alloc(4096, 7)]));
    expect((await startAndStop()).code).toBe(0);
    expect(readFileSync(cacheFile()).length).toBeGreaterThan(1_000_000);

    // Another bundle (a rebuild): the old cache is not used for it, and is replaced.
    appendFileSync(join(dir, 'server.cjs'), '\n// rebuilt\n');
    expect((await startAndStop()).code).toBe(0);
    expect(keyOf(readFileSync(cacheFile())).toString()).toBe(bundleKey().toString());

    // The same size written again later (an edit that kept the length): replaced too.
    const before = readFileSync(cacheFile());
    const later = new Date(statSync(join(dir, 'server.cjs')).mtimeMs + 5_000);
    utimesSync(join(dir, 'server.cjs'), later, later);
    expect((await startAndStop()).code).toBe(0);
    const after = readFileSync(cacheFile());
    expect(keyOf(after).toString()).toBe(bundleKey().toString());
    expect(keyOf(after).equals(keyOf(before))).toBe(false);
  }, 120_000);
});
