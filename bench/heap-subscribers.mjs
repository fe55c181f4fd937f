// Diagnostic, not part of `npm run bench`: what one idle subscriber costs in JS heap, by kind of
// object. Starts the app (SQLite), takes a heap snapshot, opens K voteUpdated subscriptions (from
// subscriber processes), takes another, and prints the difference per subscriber.
//   node bench/heap-subscribers.mjs [K=2000] [--top 30] [--strings] [--script dist/src/main.js]
// The server is dist/server.mjs, what `npm start` runs, unless --script names another.
// --strings breaks strings and closures down by content (UUIDs and tokens folded together).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SubscriberPool } from './lib/fanout.mjs';
import { createParty } from './lib/party.mjs';
import { startServer } from './lib/server-process.mjs';

const args = process.argv.slice(2);
const k = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const top = Number(args[args.indexOf('--top') + 1] || 30);
const byContent = args.includes('--strings');
const script = args.includes('--script')
  ? args[args.indexOf('--script') + 1]
  : join(import.meta.dirname, '../dist/server.mjs');
const dir = mkdtempSync(join(tmpdir(), 'heap-subscribers-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await startServer({
  name: 'heap-subscribers',
  script,
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_GUEST_JOIN: '10000000', RATE_LIMIT_MUTATIONS: '10000000' },
  nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
});

/** Asks the server for a snapshot (it collects garbage first) and waits until it is written. */
async function snapshot() {
  const before = new Set(readdirSync(dir));
  process.kill(server.pid, 'SIGUSR2');
  let file;
  while (!file) {
    await sleep(200);
    file = readdirSync(dir).find((name) => !before.has(name));
  }
  let size = -1;
  for (;;) {
    await sleep(1000);
    const now = statSync(join(dir, file)).size;
    if (now > 0 && now === size) return join(dir, file);
    size = now;
  }
}

/** Self size and count per kind of object (or per content, with --strings). */
function tally(file) {
  const heap = JSON.parse(readFileSync(file, 'utf8'));
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [type, name, self] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const kind = types[heap.nodes[i + type]];
    let label = heap.strings[heap.nodes[i + name]];
    if (kind.includes('string')) {
      label = byContent
        ? label
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
            .replace(/eyJ[\w.-]+/g, '<jwt>')
            .replace(/\d+/g, 'N')
            .slice(0, 70)
        : '';
    } else if (kind === 'code') label = '';
    const key = `${kind} ${JSON.stringify(label).slice(1, -1)}`;
    const entry = kinds.get(key) ?? { size: 0, count: 0 };
    entry.size += heap.nodes[i + self];
    entry.count += 1;
    kinds.set(key, entry);
  }
  return kinds;
}

let pool;
try {
  const target = { kind: 'app', url: server.url };
  const party = await createParty(target, { likeThreshold: 25, guestCount: k, concurrency: 16 });
  const before = tally(await snapshot());
  pool = await SubscriberPool.start(2);
  await pool.add(
    server.wsUrl,
    party.room.code,
    party.guests.map((g) => g.token),
  );
  await sleep(2000);
  const after = tally(await snapshot());
  const rows = [...after].map(([key, { size, count }]) => {
    const was = before.get(key) ?? { size: 0, count: 0 };
    return { key, size: (size - was.size) / k, count: (count - was.count) / k };
  });
  const total = rows.reduce((sum, row) => sum + row.size, 0);
  console.log(`JS heap per idle subscriber, ${k} subscribers: ${(total / 1024).toFixed(1)} KB`);
  console.log('bytes  objects  kind');
  rows.sort((a, b) => b.size - a.size);
  for (const row of rows.slice(0, top)) {
    console.log(
      `${row.size.toFixed(0).padStart(5)}  ${row.count.toFixed(2).padStart(7)}  ${row.key}`,
    );
  }
} finally {
  await pool?.stop();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
