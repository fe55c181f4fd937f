// `npm run bench`: requests per second layer by layer (`{ __typename }`, `me`, `room`, `vote`) and
// live fan-out of the app, side by side with a floor (node:http + better-sqlite3 + ws). Starts each
// server as a child process on 127.0.0.1, creates a room and guests through its API, sends the
// load from another process (wrk, else autocannon's CLI), and writes bench/results/latest.{json,md}
// and fanout.svg. Stops itself within the time limit (BENCH_TIME_LIMIT_S, 360 s by default),
// killing what it started. BENCH_QUICK=1: a short smoke run (2 s per load row, fewer subscribers).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SubscriberPool, measureFanout } from './lib/fanout.mjs';
import { detectLoadTool, mergeRuns, runLoad } from './lib/load.mjs';
import { LAYERS } from './lib/operations.mjs';
import { catalogueUris, createParty, warmTracks } from './lib/party.mjs';
import { evaluateTargets, fanoutSvg, layerRatios, markdown } from './lib/report.mjs';
import { children, freePort, nowMs, startServer } from './lib/server-process.mjs';
import { formatSummary, summarise } from './profile-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench/results');
// What `npm start` runs: the bundled server (scripts/bundle.mjs).
const APP = join(root, 'dist/server.mjs');
const FLOOR = join(root, 'bench/floor-server.mjs');
const startedAt = Date.now();
const limitMs = Number(process.env.BENCH_TIME_LIMIT_S ?? 360) * 1000;
const remainingMs = () => limitMs - (Date.now() - startedAt);
const quick = process.env.BENCH_QUICK === '1';

const settings = {
  subscriberCounts: quick ? [100, 500] : [100, 1000, 5000, 10000],
  // Filling a second room with 10,000 guests and fanning out to them does not fit in the run's
  // six minutes on two cores: PostgreSQL + Redis stops at 1,000 unless BENCH_POSTGRES_FULL=1.
  postgresSubscriberCounts:
    quick || process.env.BENCH_POSTGRES_FULL !== '1'
      ? [100, quick ? 500 : 1000]
      : [100, 1000, 5000, 10000],
  /** Timed votes per subscriber count (p99 of 20–30 samples is close to their maximum). */
  fanoutVotes: quick ? { 100: 10, 500: 10 } : { 100: 25, 1000: 25, 5000: 15, 10000: 10 },
  fanoutWorkers: 2,
  fanoutVoteTimeoutMs: 10_000,
  connections: [16, 64],
  /** Seconds per load row (one layer at one connection count), after a warm-up at 16. */
  loadSeconds: quick ? 2 : 4,
  /**
   * A row is measured in this many slices, the servers taking turns between them: with two, a
   * slow spell of a few seconds still took a third off one server's row (`me` 0.700 × typename).
   * Whole seconds each: wrk takes its duration in seconds.
   */
  loadSlices: quick ? 2 : 4,
  /** Warm-up at 16 connections right before each layer's rows. */
  warmupSeconds: 1,
  /**
   * Before the first row of each server: up to this long for its CPU to go quiet after the
   * fan-out's subscribers left, then one pass over every layer of `firstWarmupSeconds` each.
   */
  settleMaxMs: 3000,
  firstWarmupSeconds: 1,
  /** wrk threads: one leaves the other core to the server. */
  wrkThreads: 1,
  throughputGuests: 512,
  tracks: 100,
  likeThreshold: 25,
  guestJoinConcurrency: 24,
  floorGuestJoinConcurrency: 64,
  profileSeconds: quick ? 3 : 5,
};

const APP_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_LOGIN: '100000',
  RATE_LIMIT_GUEST_JOIN: '10000000',
  RATE_LIMIT_MUTATIONS: '10000000',
};
const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379';

const notes = [];
/** wrk or autocannon's CLI, chosen once at the start. */
let loader;
const log = (message) =>
  console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${message}`);

/** Undo steps (throwaway database) that must run even when the watchdog ends the run. */
const cleanups = new Set();

// The hard stop: whatever hangs, the run ends, and so does every process it started.
const watchdog = setTimeout(() => {
  console.error(`bench: time limit of ${limitMs / 1000} s reached; stopping everything`);
  for (const child of children) child.kill('SIGKILL');
  const undo = Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  const giveUp = new Promise((resolve) => setTimeout(resolve, 5000));
  void Promise.race([undo, giveUp]).then(() => process.exit(1));
}, limitMs + 10_000);
watchdog.unref();

/** How the layer's requests are built, for `runLoad`. */
function loadRequest(layer, party, uris, state) {
  const guest = party.guests[0];
  const code = party.room.code;
  if (layer.rotate) {
    const tokens = party.guests.slice(0, settings.throughputGuests).map((g) => g.token);
    return {
      query: layer.query,
      expect: layer.expect,
      rotate: { tokens, uris, code, start: state.counter },
    };
  }
  return {
    query: layer.query,
    variables: layer.withCode ? { code } : {},
    token: layer.auth ? guest.token : undefined,
    expect: layer.expect,
  };
}

/** Waits (at most `maxMs`) until the server uses under a tenth of a core over 250 ms; says how. */
async function settle(server, maxMs) {
  const began = Date.now();
  let before = server.cpuMs();
  while (Date.now() - began < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = server.cpuMs();
    if (now - before < 25) return `CPU quiet after ${((Date.now() - began) / 1000).toFixed(1)} s`;
    before = now;
  }
  return `CPU still busy after ${(maxMs / 1000).toFixed(1)} s`;
}

/**
 * Every layer at 16 and 64 connections on every server: requests/s of good answers, latency
 * percentiles, errors, and the server's CPU time per request (from /proc, before and after, so
 * the load generator's own CPU is not in it). The servers take turns row by row (the order
 * rotates): on a shared machine the CPU a process gets per second moved by up to half within a
 * minute (once the app's `{ __typename }` cost 0.186 ms of CPU in the run and 0.097 ms in a focus
 * run minutes later), and measured one after the other, a slow minute fell on one server alone and
 * moved every ratio between them. Taking turns, a slow spell falls on all of them.
 *
 * Warm-up first: a server comes here from the fan-out (thousands of subscriptions just closed)
 * and has served no GraphQL query of most layers yet, so the first layer measured would otherwise
 * pay for lazy initialisation, JIT compilation and the garbage collection of the fan-out (once
 * `{ __typename }` read 740/s with a p99 of 1.7 s, below `me`). So, per server: a full garbage
 * collection, a wait (at most `settleMaxMs`) for its CPU to go quiet, then one unmeasured pass
 * over every layer (`firstWarmupSeconds` each, 16 connections); then each layer's own
 * `warmupSeconds` on every server right before its rows. The pass is left out, with a note, when
 * the time budget is short.
 */
async function measureLayers(measured) {
  const runs = measured.map((entry) => ({ ...entry, layers: {}, state: { counter: 0 } }));
  const loadFor = (run, layer) => (connections, durationSeconds) =>
    runLoad(loader, {
      url: run.target.url,
      connections,
      durationSeconds,
      ...loadRequest(layer, run.party, run.uris, run.state),
    }).then((result) => {
      // Votes go on where the last run stopped, so no pair is voted twice in a row.
      run.state.counter += result.requests + connections;
      return result;
    });
  // The pass only when the rows after it (warm-up and load) still fit, with a margin.
  const passMs = runs.length * LAYERS.length * settings.firstWarmupSeconds * 1000;
  const rowsMs =
    runs.length *
    LAYERS.length *
    (settings.warmupSeconds + settings.connections.length * settings.loadSeconds) *
    1000;
  const withPass = remainingMs() > passMs + rowsMs + 40_000;
  for (const run of runs) {
    // A full garbage collection first (through the inspector): the fan-out's garbage is
    // collected now, not during the first measured row.
    await run.server.memory();
    const settled = await settle(run.server, settings.settleMaxMs);
    if (withPass) {
      for (const layer of LAYERS) await loadFor(run, layer)(16, settings.firstWarmupSeconds);
      log(
        `${run.label}: ${settled}, then every layer warmed ` +
          `(${settings.firstWarmupSeconds} s each, 16 connections)`,
      );
    } else {
      notes.push(`${run.label}: no warm-up pass over every layer, the time budget was short`);
    }
  }
  let turn = 0;
  for (const layer of LAYERS) {
    for (const run of runs) {
      await loadFor(run, layer)(16, settings.warmupSeconds);
      run.layers[layer.name] = [];
    }
    for (const connections of settings.connections) {
      if (remainingMs() < 20_000) {
        notes.push(`${layer.name} at ${connections} skipped, the time budget was spent`);
        continue;
      }
      const slices = new Map(runs.map((run) => [run, { parts: [], cpuMs: 0 }]));
      for (let slice = 0; slice < settings.loadSlices; slice++) {
        const order = runs.map((_, i) => runs[(i + turn) % runs.length]);
        turn += 1;
        for (const run of order) {
          const cpuBefore = run.server.cpuMs();
          const part = await loadFor(run, layer)(
            connections,
            settings.loadSeconds / settings.loadSlices,
          );
          slices.get(run).cpuMs += run.server.cpuMs() - cpuBefore;
          slices.get(run).parts.push(part);
        }
      }
      for (const run of runs) {
        const { label } = run;
        const { parts, cpuMs } = slices.get(run);
        const result = mergeRuns(parts);
        result.serverCpuMsPerRequest = result.requests > 0 ? cpuMs / result.requests : null;
        if (layer.name === 'vote') {
          result.votesPerSecond = result.requestsPerSecond;
          result.serverCpuMsPerVote = result.serverCpuMsPerRequest;
        }
        run.layers[layer.name].push(result);
        log(
          `${label}: ${layer.name}, ${connections} connections: ${result.requestsPerSecond.toFixed(0)}/s, ` +
            `p50 ${result.latencyP50?.toFixed(2)} ms, p99 ${result.latencyP99?.toFixed(2)} ms, ` +
            `${result.serverCpuMsPerRequest?.toFixed(3)} ms CPU/request, ${result.errors} errors ` +
            `(slices: ${parts.map((part) => part.requestsPerSecond.toFixed(0)).join(', ')}/s)`,
        );
        result.sliceRequestsPerSecond = parts.map((part) => part.requestsPerSecond);
        if (result.requests === 0) {
          notes.push(
            `${label}, ${layer.name}, ${connections} connections: no answer within the run`,
          );
        }
        if (result.firstError) {
          notes.push(
            `${label}, ${layer.name}, ${connections} connections, first error: ${result.firstError}`,
          );
        }
      }
    }
  }
  for (const run of runs) {
    run.result.layers = run.layers;
    run.result.throughput = run.layers.vote;
  }
}

/**
 * `npm start` itself, as an operator runs it (npm, then `scripts/start.mjs`: the build check and
 * the bundled server in one process), twice on one data folder: the second start is the everyday one (migrations applied, secrets
 * generated). Each from spawn to the first GET /health 200.
 */
async function measureNpmStart() {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-npm-start-'));
  const times = [];
  try {
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const started = nowMs();
      const child = spawn('npm', ['start', '--silent'], {
        cwd: root,
        env: {
          ...APP_ENV,
          PATH: process.env.PATH ?? '',
          HOME: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: npm does not pass SIGTERM on to the server it started.
        detached: true,
      });
      children.add(child);
      let output = '';
      const keep = (chunk) => (output = (output + chunk).slice(-2000));
      child.stdout.setEncoding('utf8').on('data', keep);
      child.stderr.setEncoding('utf8').on('data', keep);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        for (;;) {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`npm start exited during start-up: ${output}`);
          }
          const status = await fetch(`http://127.0.0.1:${port}/health`).then(
            (response) => response.arrayBuffer().then(() => response.status),
            () => 0,
          );
          if (status === 200) break;
          // The first start may build dist/; the second must not.
          if (nowMs() - started > (i === 0 ? 180_000 : 60_000)) {
            throw new Error(`npm start: no /health 200 in time: ${output}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        times.push(nowMs() - started);
      } finally {
        const group = (signal) => {
          try {
            process.kill(-child.pid, signal);
          } catch {
            // already gone
          }
        };
        group('SIGTERM');
        const timer = setTimeout(() => group('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
        children.delete(child);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { firstMs: times[0], secondMs: times[1] };
}

/** Starts a server and fills a room with guests; nothing is measured yet but start-up. */
async function prepare({ key, label, script, env, kind, subscriberCounts }) {
  log(`${label}: starting`);
  const server = await startServer({ name: key, script, env });
  const result = { label, startupMs: server.startupMs };
  try {
    ({ rss: result.rssStart, heapUsed: result.heapStart } = await server.memory());
    const guestCount = Math.max(...subscriberCounts, settings.throughputGuests) + 1;
    const target = { kind, url: server.url };
    return { key, label, kind, server, result, target, guestCount, subscriberCounts };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function addGuests(prepared) {
  const { label, target, guestCount, result } = prepared;
  const party = await createParty(target, {
    likeThreshold: settings.likeThreshold,
    guestCount,
    concurrency:
      target.kind === 'floor' ? settings.floorGuestJoinConcurrency : settings.guestJoinConcurrency,
  });
  party.warmupVoter = party.guests.pop();
  result.guestsJoined = guestCount;
  log(`${label}: ${guestCount} guests joined in ${(party.joinMs / 1000).toFixed(1)} s`);
  prepared.party = party;
}

/**
 * Fan-out at each K and memory per idle subscriber; the server stays up for measureLayers (the
 * caller stops it). Answers the tracks voted on.
 */
async function measure(prepared, givenUris) {
  const { label, server, target, party, result, subscriberCounts } = prepared;
  let pool;
  try {
    const uris = givenUris ?? (await catalogueUris(target, party, settings.tracks));
    await warmTracks(target, party, uris, party.warmupVoter);
    ({ rss: result.rssRest, heapUsed: result.heapRest } = await server.memory());

    pool = await SubscriberPool.start(settings.fanoutWorkers);
    result.fanout = [];
    result.memory = [];
    let connected = 0;
    for (const k of subscriberCounts) {
      // Rough cost of one more step: connecting plus the timed votes; skip rather than overrun.
      if (remainingMs() < 15_000 + k * 8) {
        notes.push(`${label}: fan-out to ${k} skipped, the run's time budget was spent`);
        break;
      }
      const began = Date.now();
      const replies = await pool.add(
        server.wsUrl,
        party.room.code,
        party.guests.slice(connected, k).map((g) => g.token),
      );
      const connectSeconds = (Date.now() - began) / 1000;
      connected = k;
      if (pool.subscribers !== k) {
        const reason = replies.map((r) => r.lastFailure || r.error).find(Boolean);
        notes.push(
          `${label}: ${pool.subscribers}/${k} subscribers connected (${reason ?? 'unknown'})`,
        );
      }
      let idle = null;
      const fanout = await measureFanout({
        target,
        pool,
        party,
        uris,
        votes: settings.fanoutVotes[k] ?? 20,
        voteTimeoutMs: settings.fanoutVoteTimeoutMs,
        serverCpuMs: server.cpuMs,
        whenIdle: async () => {
          idle = await server.memory();
        },
      });
      result.fanout.push(fanout);
      result.memory.push({
        subscribers: pool.subscribers,
        rss: idle.rss,
        heapUsed: idle.heapUsed,
        perSubscriberKB: (idle.rss - result.rssRest) / pool.subscribers / 1024,
        heapPerSubscriberKB: (idle.heapUsed - result.heapRest) / pool.subscribers / 1024,
      });
      log(
        `${label}: fan-out to ${pool.subscribers}: last p50 ${fanout.lastP50?.toFixed(1)} ms, ` +
          `p99 ${fanout.lastP99?.toFixed(1)} ms (connect ${connectSeconds.toFixed(1)} s, ` +
          `${((Date.now() - began) / 1000).toFixed(1)} s in all)`,
      );
    }
    await pool.closeAll();
    await pool.stop();
    pool = undefined;
    return uris;
  } finally {
    await pool?.stop();
  }
}

/** The app under --cpu-prof, with samples kept from the vote-throughput window only. */
async function profileVotes(uris) {
  const name = 'app-votes.cpuprofile';
  const file = join(resultsDir, name);
  rmSync(file, { force: true });
  const server = await startServer({
    name: 'profile',
    script: APP,
    env: APP_ENV,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`, `--cpu-prof-name=${name}`],
  });
  let window;
  try {
    const target = { kind: 'app', url: server.url };
    const party = await createParty(target, {
      likeThreshold: settings.likeThreshold,
      guestCount: 129,
      concurrency: settings.guestJoinConcurrency,
    });
    party.warmupVoter = party.guests.pop();
    await warmTracks(target, party, uris, party.warmupVoter);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const vote = LAYERS.find((layer) => layer.name === 'vote');
    const run = await runLoad(loader, {
      url: target.url,
      connections: 16,
      durationSeconds: settings.profileSeconds,
      ...loadRequest(vote, party, uris, { counter: 0 }),
    });
    window = {
      fromUs,
      toUs: Number(process.hrtime.bigint() / 1000n),
      votesPerSecond: run.requestsPerSecond,
    };
  } finally {
    await server.stop();
  }
  if (!existsSync(file)) throw new Error(`No profile written to ${file}`);
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const summary = summarise(profile, { top: 15, ...window });
  return {
    file: `bench/results/${name}`,
    votesPerSecondWhileProfiling: window.votesPerSecond,
    ...summary,
  };
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function redisAnswers() {
  if (!(await reachable(6379))) return false;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 6379, timeout: 1000 });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A throwaway database, or the reason PostgreSQL + Redis cannot be measured. */
async function createPostgresDatabase() {
  if (!(await reachable(5432))) return { skipped: 'PostgreSQL is not reachable at 127.0.0.1:5432' };
  if (!(await redisAnswers())) return { skipped: 'Redis is not reachable at 127.0.0.1:6379' };
  const name = `spotify_party_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    return { skipped: `PostgreSQL refused a throwaway database: ${error.message}` };
  }
  const drop = async () => {
    cleanups.delete(drop);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
  cleanups.add(drop);
  return { url: `postgres://postgres@127.0.0.1:5432/${name}`, drop };
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });
  const cpus = os.cpus();
  const results = {
    startedAt: new Date(startedAt).toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      // Other work on the machine skews every figure; the load average says how much there was.
      loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    settings,
    configs: {},
  };
  loader = { ...detectLoadTool(log), threads: settings.wrkThreads };
  results.loadTool = loader;
  if (loader.tool === 'wrk') {
    notes.push(
      `Load from ${loader.version.split(' Copyright')[0]}, ${settings.wrkThreads} thread, a separate process; ` +
        'every answer checked by its Lua script (HTTP 200, the expected field, no `errors`).',
    );
  } else {
    notes.push(
      `Load from autocannon's CLI in a separate process (${loader.reason}): answers are checked for ` +
        'HTTP status only, and every connection replays the same list of votes, so most votes repeat ' +
        'one already counted; install wrk for the figures that count.',
    );
  }
  notes.push(
    `${results.machine.cpus} cores shared by the server, the load generator and ` +
      `${settings.fanoutWorkers} subscriber processes: client CPU competes with the server, most of ` +
      'all in the fan-out to thousands of subscribers. Server CPU per request is read from ' +
      '/proc/<pid>/stat and excludes the client.',
  );
  notes.push(
    `Layer rows: the servers stay up and take turns, each row in ${settings.loadSlices} slices of ` +
      `${settings.loadSeconds / settings.loadSlices} s with the order rotating, so that a slow ` +
      'spell of the shared machine falls on all of them; a row pools its slices (requests added ' +
      "up, latency percentiles pooled from each slice's percentiles).",
  );
  const postgresLabel = 'PostgreSQL + Redis';
  let database;
  try {
    // First, on a quiet machine, as an operator starts the server. At the end of the run the
    // machine may still be busy with what the run left (PostgreSQL writing out its votes): once
    // 1,480 ms there against 1,151-1,201 ms for eight starts on the quiet machine just before.
    if (remainingMs() > 30_000) {
      log('npm start → /health 200, twice');
      results.npmStart = await measureNpmStart().catch((error) => {
        notes.push(`npm start not measured: ${error.message}`);
        return undefined;
      });
      if (results.npmStart) {
        log(
          `npm start: first ${results.npmStart.firstMs.toFixed(0)} ms, second ${results.npmStart.secondMs.toFixed(0)} ms`,
        );
      }
    } else notes.push('npm start not measured: the time budget was spent');
    // Both apps start one after the other (start-up is measured), then fill their rooms at the
    // same time: guest creation is setup, not a measurement, and each app uses one core.
    const sqlite = await prepare({
      key: 'sqlite',
      label: 'SQLite + in-memory pub/sub',
      kind: 'app',
      script: APP,
      env: APP_ENV,
      subscriberCounts: settings.subscriberCounts,
    });
    let postgres = null;
    database = await createPostgresDatabase();
    if (database.skipped) {
      results.configs.postgres = { label: postgresLabel, skipped: database.skipped };
      notes.push(`${postgresLabel} skipped: ${database.skipped}`);
    } else {
      postgres = await prepare({
        key: 'postgres',
        label: postgresLabel,
        kind: 'app',
        script: APP,
        env: { ...APP_ENV, DATABASE_URL: database.url, REDIS_URL },
        subscriberCounts: settings.postgresSubscriberCounts,
      }).catch(async (error) => {
        await sqlite.server.stop();
        throw error;
      });
    }
    const prepared = [sqlite, postgres].filter(Boolean);
    // Every server stays up until the layers have been measured on all of them, taking turns.
    const running = [...prepared];
    let uris;
    try {
      await Promise.all(prepared.map(addGuests));
      uris = await measure(sqlite);
      sqlite.uris = uris;
      // The floor next, while the most time is left: every ratio needs it.
      const floor = await prepare({
        key: 'floor',
        label: 'floor',
        kind: 'floor',
        script: FLOOR,
        env: {},
        subscriberCounts: settings.subscriberCounts,
      });
      running.push(floor);
      await addGuests(floor);
      floor.uris = await measure(floor, uris);
      if (postgres) {
        postgres.uris = await measure(postgres, uris);
        const left = settings.subscriberCounts.filter(
          (k) => !settings.postgresSubscriberCounts.includes(k),
        );
        if (left.length > 0) {
          notes.push(
            `${postgresLabel}: fan-out not measured at ${left.join(', ')} subscribers, to keep the ` +
              'run within six minutes (BENCH_POSTGRES_FULL=1 measures them).',
          );
        }
      }
      await measureLayers([sqlite, floor, postgres].filter(Boolean));
      results.configs.sqlite = sqlite.result;
      results.configs.floor = floor.result;
      if (postgres) results.configs.postgres = postgres.result;
    } finally {
      await Promise.all(running.map((p) => p.server.stop()));
    }

    if (remainingMs() > 25_000) {
      log('profiling the app (SQLite) during vote throughput');
      results.profile = await profileVotes(uris).catch((error) => {
        notes.push(`profile failed: ${error.message}`);
        return undefined;
      });
    } else notes.push('profile skipped: the time budget was spent');
  } finally {
    await database?.drop?.();
  }
  notes.push(
    'Ratios are to the floor for both configurations; the floor has no GraphQL, no framework, no ' +
      'authentication check beyond a Map lookup, synchronous SQLite (better-sqlite3) and no ' +
      'per-subscriber execution.',
  );

  results.durationSeconds = (Date.now() - startedAt) / 1000;
  results.machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  results.ratios = layerRatios(results);
  results.targets = evaluateTargets(results);
  results.notes = notes;

  const table = markdown(results);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'latest.md'), table);
  writeFileSync(join(resultsDir, 'fanout.svg'), fanoutSvg(results));

  console.log(`\n${table}`);
  if (results.profile) {
    console.log(
      `CPU profile of the app during ${settings.profileSeconds} s of votes (16 connections):`,
    );
    console.log(formatSummary(results.profile));
  }
  console.log('\nWrote bench/results/latest.json, latest.md, fanout.svg');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
);
