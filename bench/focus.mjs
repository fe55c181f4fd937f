// A focused before/after measurement of the four layers (not part of `npm run bench`):
//   node bench/focus.mjs [--seconds 4] [--rounds 1] [--only typename,me] [--postgres] [--guests 129]
//                        [--profile <dir>] [--script <a build's entry>] [--compare <another entry>]
//                        [--node-args '--trace-gc …' (the servers' own Node.js options)]
//                        [--compare-node-args '…' (the second server's, when they differ)]
// Starts dist/src/main.js (or --script; SQLite, or PostgreSQL + Redis with --postgres), a room with
// 129 guests (--guests: with 513, most votes are new, as in `npm run bench`), then each layer at 16 connections (wrk, one thread) and prints requests/s and the
// server's CPU per request (from /proc), which is steadier than requests/s on a shared machine, and
// the p50 and p99 latency (issue 25's target: `vote` p99 ≤ 25 ms at 16 connections).
//
// --compare starts a second server (another build) beside the first and measures both turn by
// turn: in each round every layer runs against one, then the other (the order flips each round),
// so that a burst of load from elsewhere on a shared machine falls on both. It then prints, per
// server and layer, the median over rounds of the layer's CPU per request less `{ __typename }`'s
// in the same round, and the ratio the benchmark holds `me` and `room` to (typename's CPU over
// the layer's). A difference of a few microseconds needs --rounds 8 or more.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { detectLoadTool, runLoad } from './lib/load.mjs';
import { LAYERS } from './lib/operations.mjs';
import { catalogueUris, createParty, warmTracks } from './lib/party.mjs';
import { startServer } from './lib/server-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const seconds = Number(option('--seconds', '4'));
const rounds = Number(option('--rounds', '1'));
const profileDir = option('--profile');
const only = option('--only');
const guestCount = Number(option('--guests', '129'));
const scripts = [option('--script', join(root, 'dist/src/main.js'))];
if (option('--compare')) scripts.push(option('--compare'));

const env = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_LOGIN: '100000',
  RATE_LIMIT_GUEST_JOIN: '10000000',
  RATE_LIMIT_MUTATIONS: '10000000',
};
const cleanups = [];

/** A fresh PostgreSQL database per server (each with its own party), dropped at the end. */
async function postgresEnv() {
  const name = `focus_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const again = new pg.Client({
      connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await again.end();
  });
  return {
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
  };
}

/** The Node.js options of server `index` (--compare-node-args: the second's, if they differ). */
function nodeArgsOf(index) {
  const value =
    index === 1 && args.includes('--compare-node-args')
      ? option('--compare-node-args')
      : option('--node-args');
  return value ? value.split(' ').filter(Boolean) : [];
}

/** A server of `script` with a room, its guests, and votes on 100 tracks. */
async function prepare(script, index) {
  const server = await startServer({
    name: `focus-${index}`,
    script,
    env: { ...env, ...(flag('--postgres') ? await postgresEnv() : {}) },
    nodeArgs: [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...nodeArgsOf(index),
    ],
  });
  cleanups.unshift(() => server.stop());
  const target = { kind: 'app', url: server.url };
  const party = await createParty(target, { likeThreshold: 25, guestCount, concurrency: 24 });
  const voter = party.guests.pop();
  const uris = await catalogueUris(target, party, 100);
  await warmTracks(target, party, uris, voter);
  return { script, server, target, party, uris, counter: 0, cpu: new Map(), rates: new Map() };
}

/**
 * CPU time (ms) used so far by the database and pub/sub servers (every process named postgres or
 * redis-server, its reaped children included): on a machine of two cores their work competes with
 * the app's, so a vote costs theirs too. Linux only; 0 elsewhere.
 */
function servicesCpuMs() {
  let ticks = 0;
  let pids;
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres' && name !== 'redis-server') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14–17 of stat, 11–14 after the name.
      ticks += fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10;
}

/** One layer's warm-up and measured run against one server; records its CPU per request. */
async function measure(loader, run, layer) {
  const { party, uris, target, server } = run;
  const request = layer.rotate
    ? {
        query: layer.query,
        expect: layer.expect,
        rotate: {
          tokens: party.guests.map((g) => g.token),
          uris,
          code: party.room.code,
          start: run.counter,
        },
      }
    : {
        query: layer.query,
        variables: layer.withCode ? { code: party.room.code } : {},
        token: layer.auth ? party.guests[0].token : undefined,
        expect: layer.expect,
      };
  await runLoad(loader, { url: target.url, connections: 16, durationSeconds: 1, ...request });
  if (layer.rotate) request.rotate.start = run.counter += 100_000;
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const before = server.cpuMs();
  const servicesBefore = servicesCpuMs();
  const result = await runLoad(loader, {
    url: target.url,
    connections: 16,
    durationSeconds: seconds,
    ...request,
  });
  const cpu = (server.cpuMs() - before) / result.requests;
  const servicesCpu = (servicesCpuMs() - servicesBefore) / result.requests;
  if (layer.rotate) run.counter += result.requests + 16;
  if (!run.cpu.has(layer.name)) run.cpu.set(layer.name, []);
  run.cpu.get(layer.name).push(cpu);
  if (!run.rates.has(layer.name)) run.rates.set(layer.name, []);
  run.rates.get(layer.name).push({ perSecond: result.requestsPerSecond, p99: result.latencyP99 });
  console.log(
    `${scripts.length > 1 ? `${run.index} ` : ''}${layer.name.padEnd(9)} ` +
      `${result.requestsPerSecond.toFixed(0).padStart(6)}/s  ` +
      `${cpu.toFixed(3)} ms CPU/request  p50 ${result.latencyP50?.toFixed(2)} ms  ` +
      `p99 ${result.latencyP99?.toFixed(2)} ms  errors ${result.errors}` +
      (flag('--postgres') ? `  PostgreSQL + Redis ${servicesCpu.toFixed(3)} ms CPU/request` : '') +
      (result.firstError ? `  first: ${result.firstError.slice(0, 200)}` : '') +
      (profileDir ? `  --from ${fromUs} --to ${Number(process.hrtime.bigint() / 1000n)}` : ''),
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per layer: the median over rounds of its CPU per request beyond typename's in that round. */
function summarise(run) {
  const typename = run.cpu.get('typename');
  const parts = [];
  for (const [name, cpu] of run.cpu) {
    if (name === 'typename' || !typename) continue;
    const extra = median(cpu.map((value, round) => value - typename[round]));
    const base = median(typename);
    parts.push(
      `${name} +${(extra * 1000).toFixed(1)} µs (${(base / (base + extra)).toFixed(3)} ×)`,
    );
  }
  const base = typename ? `typename ${(median(typename) * 1000).toFixed(1)} µs; ` : '';
  console.log(`${run.index} ${run.script}: ${base}${parts.join('; ')}`);
  const rates = [...run.rates].map(
    ([name, values]) =>
      `${name} ${median(values.map((v) => v.perSecond)).toFixed(0)}/s, ` +
      `p99 ${median(values.map((v) => v.p99)).toFixed(1)} ms, ` +
      `${(median(run.cpu.get(name)) * 1000).toFixed(0)} µs CPU`,
  );
  console.log(`  medians: ${rates.join('; ')}`);
}

try {
  const loader = detectLoadTool();
  const runs = [];
  for (const [index, script] of scripts.entries()) {
    runs.push({ ...(await prepare(script, index)), index: String.fromCharCode(65 + index) });
  }
  const layers = LAYERS.filter((layer) => !only || only.split(',').includes(layer.name));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? runs : [...runs].reverse();
    for (const layer of layers) {
      for (const run of order) await measure(loader, run, layer);
    }
  }
  if (rounds > 1 || runs.length > 1) {
    console.log(`\nmedians over ${rounds} rounds (CPU per request beyond { __typename }):`);
    for (const run of runs) summarise(run);
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
}
