// A focused before/after measurement of the four layers on one server (not part of `npm run bench`):
//   node bench/focus.mjs [--seconds 4] [--rounds 1] [--only typename,me] [--postgres]
//                        [--profile <dir>] [--script <another build's dist/src/main.js>]
// Starts dist/src/main.js (SQLite, or PostgreSQL + Redis with --postgres), a room with 129 guests,
// then each layer at 16 connections (wrk, one thread) and prints requests/s and the server's CPU
// per request (from /proc), which is steadier than requests/s on a shared machine, and the p50 and
// p99 latency (issue 25's target: `vote` p99 ≤ 25 ms at 16 connections).
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { detectLoadTool, runLoad } from './lib/load.mjs';
import { LAYERS, VOTE, gql, parallel } from './lib/operations.mjs';
import { catalogueUris, createParty } from './lib/party.mjs';
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

const env = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_LOGIN: '100000',
  RATE_LIMIT_GUEST_JOIN: '10000000',
  RATE_LIMIT_MUTATIONS: '10000000',
};
let dropDatabase;
if (flag('--postgres')) {
  const name = `focus_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  Object.assign(env, {
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
  });
  dropDatabase = async () => {
    const again = new pg.Client({
      connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await again.end();
  };
}

const loader = detectLoadTool();
const server = await startServer({
  name: 'focus',
  script: option('--script', join(root, 'dist/src/main.js')),
  env,
  nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
});
try {
  const target = { kind: 'app', url: server.url };
  const party = await createParty(target, { likeThreshold: 25, guestCount: 129, concurrency: 24 });
  const voter = party.guests.pop();
  const uris = await catalogueUris(target, party, 100);
  await parallel(uris.length, 4, (i) =>
    gql(
      target.url,
      VOTE,
      { input: { code: party.room.code, trackUri: uris[i], isLike: true } },
      voter.token,
    ),
  );
  let counter = 0;
  for (let round = 0; round < rounds; round++) {
    for (const layer of LAYERS) {
      if (only && !only.split(',').includes(layer.name)) continue;
      const request = layer.rotate
        ? {
            query: layer.query,
            expect: layer.expect,
            rotate: {
              tokens: party.guests.map((g) => g.token),
              uris,
              code: party.room.code,
              start: counter,
            },
          }
        : {
            query: layer.query,
            variables: layer.withCode ? { code: party.room.code } : {},
            token: layer.auth ? party.guests[0].token : undefined,
            expect: layer.expect,
          };
      await runLoad(loader, { url: target.url, connections: 16, durationSeconds: 1, ...request });
      if (layer.rotate) request.rotate.start = counter += 100_000;
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const before = server.cpuMs();
      const run = await runLoad(loader, {
        url: target.url,
        connections: 16,
        durationSeconds: seconds,
        ...request,
      });
      const cpu = (server.cpuMs() - before) / run.requests;
      if (layer.rotate) counter += run.requests + 16;
      console.log(
        `${layer.name.padEnd(9)} ${run.requestsPerSecond.toFixed(0).padStart(6)}/s  ` +
          `${cpu.toFixed(3)} ms CPU/request  p50 ${run.latencyP50?.toFixed(2)} ms  ` +
          `p99 ${run.latencyP99?.toFixed(2)} ms  errors ${run.errors}` +
          (run.firstError ? `  first: ${run.firstError.slice(0, 200)}` : '') +
          (profileDir ? `  --from ${fromUs} --to ${Number(process.hrtime.bigint() / 1000n)}` : ''),
      );
    }
  }
} finally {
  await server.stop();
  await dropDatabase?.();
}
