// Where a layer's requests allocate (not part of `npm run bench`): V8's sampling heap profiler,
// garbage included, over a few seconds of load at 16 connections.
//   node bench/alloc-profile.mjs [--layer vote] [--seconds 4] [--top 30] [--script dist/server.mjs]
import { WebSocket } from 'ws';
import { detectLoadTool, runLoad } from './lib/load.mjs';
import { LAYERS } from './lib/operations.mjs';
import { catalogueUris, createParty, warmTracks } from './lib/party.mjs';
import { startServer } from './lib/server-process.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const layer = LAYERS.find((l) => l.name === option('--layer', 'vote'));
const seconds = Number(option('--seconds', '4'));
const top = Number(option('--top', '30'));

const server = await startServer({
  name: 'alloc',
  script: option('--script', 'dist/server.mjs'),
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_GUEST_JOIN: '10000000', RATE_LIMIT_MUTATIONS: '10000000' },
});
try {
  const target = { kind: 'app', url: server.url };
  const party = await createParty(target, { likeThreshold: 25, guestCount: 514, concurrency: 24 });
  const voter = party.guests.pop();
  const uris = await catalogueUris(target, party, 100);
  await warmTracks(target, party, uris, voter);
  const request = layer.rotate
    ? {
        query: layer.query,
        expect: layer.expect,
        rotate: { tokens: party.guests.map((g) => g.token), uris, code: party.room.code, start: 0 },
      }
    : {
        query: layer.query,
        variables: layer.withCode ? { code: party.room.code } : {},
        token: layer.auth ? party.guests[0].token : undefined,
        expect: layer.expect,
      };
  const loader = detectLoadTool();
  await runLoad(loader, { url: server.url, connections: 16, durationSeconds: 3, ...request });
  if (layer.rotate) request.rotate.start = 1_000_000;

  const [{ webSocketDebuggerUrl }] = await (
    await fetch(`http://127.0.0.1:${server.inspectPort}/json/list`)
  ).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve) => ws.once('open', resolve));
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    pending.get(message.id)?.(message.result);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('HeapProfiler.enable');
  await call('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const run = await runLoad(loader, {
    url: server.url,
    connections: 16,
    durationSeconds: seconds,
    ...request,
  });
  const { profile } = await call('HeapProfiler.stopSampling');
  ws.close();

  const bySelf = new Map();
  const byModule = new Map();
  let total = 0;
  const walk = (node) => {
    const f = node.callFrame;
    const where = f.url.includes('node_modules/')
      ? f.url
          .split('node_modules/')
          .pop()
          .split('/')
          .slice(0, f.url.split('node_modules/').pop().startsWith('@') ? 2 : 1)
          .join('/')
      : f.url.replace(/^.*\/(dist|src)\//, '$1/') || '(native)';
    const key = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
    bySelf.set(key, (bySelf.get(key) ?? 0) + node.selfSize);
    byModule.set(where.split(':')[0], (byModule.get(where.split(':')[0]) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const perRequest = (bytes) => `${(bytes / run.requests / 1024).toFixed(2)} KB`;
  console.log(
    `${layer.name}: ${run.requests} requests, ${(total / 1e6).toFixed(1)} MB sampled, ${perRequest(total)} per request`,
  );
  console.log('\nby module:');
  for (const [k, v] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${perRequest(v).padStart(10)}  ${k}`);
  }
  console.log('\nby function:');
  for (const [k, v] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${perRequest(v).padStart(10)}  ${k}`);
  }
} finally {
  await server.stop();
}
