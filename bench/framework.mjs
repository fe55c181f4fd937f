// How much of the bare request is the framework's: anonymous `{ __typename }` at 16 connections
// (wrk, a separate process) against, in one run and turn by turn,
//   - the floor (bench/floor-server.mjs: node:http, no framework),
//   - NestJS + @nestjs/apollo alone on Express (bench/minimal-nest-server.mjs), as the app ran
//     until issue 25, when @nestjs/platform-express and @as-integrations/express5 are installed
//     (devDependencies), or with BENCH_EXPRESS_SERVER naming a copy of minimal-nest-server.mjs in a
//     scratch folder where they are,
//   - the same on Fastify (platform-fastify, @as-integrations/fastify), as the app runs,
//   - the app itself (dist/server.mjs, SQLite, nothing configured).
//   node bench/framework.mjs [--rounds 2] [--seconds 5]
// Prints requests/s, server CPU per request (from /proc) and each one's ratio to the floor; and for
// the framework alone, the `room` layer's shape (`room(code: $code) { likeThreshold }`, an
// argument and an object answered asynchronously, nothing behind it) against its own bare request:
// the ratio the app's `room` layer is held to (≥ 0.7), before anything of ours.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { detectLoadTool, runLoad } from './lib/load.mjs';
import { LAYERS } from './lib/operations.mjs';
import { children, startServer } from './lib/server-process.mjs';
import { percentile } from './lib/stats.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const rounds = option('rounds', 1);
const seconds = option('seconds', 5);
const typename = LAYERS.find((layer) => layer.name === 'typename');
const roomLayer = LAYERS.find((layer) => layer.name === 'room');

function installed(name) {
  try {
    createRequire(join(root, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

const servers = [
  { key: 'floor', label: 'floor (node:http)', script: join(root, 'bench/floor-server.mjs') },
  ...(process.env.BENCH_EXPRESS_SERVER ||
  (installed('@nestjs/platform-express') && installed('@as-integrations/express5'))
    ? [
        {
          key: 'nest-express',
          label: 'NestJS + Apollo alone, Express',
          script: process.env.BENCH_EXPRESS_SERVER || join(root, 'bench/minimal-nest-server.mjs'),
          argv: ['express'],
        },
      ]
    : []),
  {
    key: 'nest-fastify',
    label: 'NestJS + Apollo alone, Fastify (as the app)',
    roomShaped: true,
    script: join(root, 'bench/minimal-nest-server.mjs'),
    argv: ['fastify'],
  },
  {
    key: 'app',
    label: 'Spotify Party (dist/server.mjs)',
    script: join(root, 'dist/server.mjs'),
    env: { LOG_LEVEL: 'warn' },
  },
];

const loader = detectLoadTool(() => undefined);
const results = new Map(servers.map((server) => [server.key, []]));
const roomShaped = new Map(servers.map((server) => [server.key, []]));
const roomPlain = new Map(servers.map((server) => [server.key, []]));
const kill = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.on('SIGINT', () => {
  kill();
  process.exit(130);
});

try {
  for (let round = 0; round < rounds; round++) {
    for (const spec of servers) {
      const server = await startServer({
        name: spec.key,
        script: spec.script,
        env: spec.env,
        nodeArgs: [],
        argv: spec.argv,
      });
      try {
        const measure = async (query, variables, expect) => {
          const load = (durationSeconds) =>
            runLoad(loader, {
              url: server.url,
              connections: 16,
              durationSeconds,
              query,
              variables,
              expect,
            });
          await load(2);
          const cpuBefore = server.cpuMs();
          const run = await load(seconds);
          const cpuMs = server.cpuMs() - cpuBefore;
          if (run.errors > 0) throw new Error(`${spec.key}: ${run.errors} bad answers`);
          return {
            requestsPerSecond: run.requestsPerSecond,
            cpuMsPerRequest: cpuMs / run.requests,
          };
        };
        results.get(spec.key).push(await measure(typename.query, {}, typename.expect));
        if (spec.roomShaped) {
          roomShaped
            .get(spec.key)
            .push(await measure(roomLayer.query, { code: 'ABC234' }, roomLayer.expect));
          roomPlain
            .get(spec.key)
            .push(
              await measure(
                roomLayer.query.replace('room(', 'roomPlain('),
                { code: 'ABC234' },
                roomLayer.expect,
              ),
            );
        }
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  kill();
}

const median = (values) => percentile(values, 50);
const floor = median(results.get('floor').map((r) => r.requestsPerSecond));
console.log(
  `\nanonymous \`{ __typename }\`, 16 connections, ${seconds} s, ${loader.tool}; ` +
    `median of ${rounds} round(s)\n`,
);
console.log('| server | requests/s | CPU per request (ms) | ratio to the floor |');
console.log('| --- | ---: | ---: | ---: |');
for (const spec of servers) {
  const runs = results.get(spec.key);
  const rps = median(runs.map((r) => r.requestsPerSecond));
  const cpu = median(runs.map((r) => r.cpuMsPerRequest));
  console.log(
    `| ${spec.label} | ${rps.toFixed(0)} | ${cpu.toFixed(3)} | ${(rps / floor).toFixed(3)} |`,
  );
}
console.log(
  "\n`room(code: $code) { likeThreshold }` with nothing behind it, against the same server's " +
    '`{ __typename }`\n',
);
console.log('| server | requests/s | CPU per request (ms) | ratio to its `{ __typename }` |');
console.log('| --- | ---: | ---: | ---: |');
for (const spec of servers.filter((server) => server.roomShaped)) {
  const bare = median(results.get(spec.key).map((r) => r.requestsPerSecond));
  for (const [what, runs] of [
    ['through Nest (`@Args`, the resolver class)', roomShaped.get(spec.key)],
    ['a plain graphql-js resolver, no Nest around it', roomPlain.get(spec.key)],
  ]) {
    const rps = median(runs.map((r) => r.requestsPerSecond));
    const cpu = median(runs.map((r) => r.cpuMsPerRequest));
    console.log(
      `| ${spec.label}, ${what} | ${rps.toFixed(0)} | ${cpu.toFixed(3)} | ${(rps / bare).toFixed(3)} |`,
    );
  }
}
if (!servers.some((spec) => spec.key === 'nest-express')) {
  console.log(
    '\n(Express not measured: @nestjs/platform-express or @as-integrations/express5 missing)',
  );
}
