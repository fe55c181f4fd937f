// Diagnostic, not part of `npm run bench`: the app (SQLite) under --cpu-prof while votes fan out
// to K subscribers; prints the self-time summary of that window only.
//   node bench/profile-fanout.mjs [K=2000] [votes=15]
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { SubscriberPool, measureFanout } from './lib/fanout.mjs';
import { catalogueUris, createParty } from './lib/party.mjs';
import { startServer } from './lib/server-process.mjs';
import { formatSummary, summarise } from './profile-summary.mjs';

const k = Number(process.argv[2] ?? 2000);
const votes = Number(process.argv[3] ?? 15);
const dir = join(import.meta.dirname, 'results');
const name = 'app-fanout.cpuprofile';
rmSync(join(dir, name), { force: true });

const server = await startServer({
  name: 'fanout-profile',
  script: join(import.meta.dirname, '../dist/src/main.js'),
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_GUEST_JOIN: '10000000', RATE_LIMIT_MUTATIONS: '10000000' },
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`],
});
let window;
let pool;
try {
  const target = { kind: 'app', url: server.url };
  const party = await createParty(target, { likeThreshold: 25, guestCount: k, concurrency: 16 });
  const uris = await catalogueUris(target, party, 50);
  pool = await SubscriberPool.start(2);
  await pool.add(
    server.wsUrl,
    party.room.code,
    party.guests.map((g) => g.token),
  );
  let fromUs = 0;
  const result = await measureFanout({
    target,
    pool,
    party,
    uris,
    votes,
    voteTimeoutMs: 10_000,
    serverCpuMs: server.cpuMs,
    whenIdle: () => {
      fromUs = Number(process.hrtime.bigint() / 1000n);
      return Promise.resolve();
    },
  });
  window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  console.log(JSON.stringify(result));
} finally {
  await pool?.closeAll();
  await pool?.stop();
  await server.stop();
}
const profile = JSON.parse(readFileSync(join(dir, name), 'utf8'));
console.log(formatSummary(summarise(profile, { top: 25, ...window })));
