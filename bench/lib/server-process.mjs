import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';

/**
 * The Node.js options `npm start` runs the server with (package.json): every server of a
 * benchmark, the floor too, runs with them, so the app is measured as it runs and the floor with
 * the same runtime.
 */
export const START_NODE_ARGS = (() => {
  const packageJson = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  const words = packageJson.scripts.start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((word) => word.startsWith('--'));
})();

/** Every server process this run started, so the watchdog can stop them all by pid. */
export const children = new Set();

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds on the system-wide monotonic clock: comparable between processes on one machine. */
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resident set size of a process, in bytes, from /proc (Linux). */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!kb) throw new Error(`No VmRSS for pid ${pid}`);
  return Number(kb[1]) * 1024;
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux, 100 ticks/s). */
export function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One Chrome DevTools Protocol call over the inspector's WebSocket. */
async function inspectorCall(inspectPort, method) {
  const [{ webSocketDebuggerUrl }] = await (
    await fetch(`http://127.0.0.1:${inspectPort}/json/list`)
  ).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 15_000);
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error.message));
        else resolve(message.result);
      });
      ws.send(JSON.stringify({ id: 1, method }));
    });
  } finally {
    ws.close();
  }
}

/**
 * What the process holds on to: a full garbage collection first (through the inspector, so
 * garbage left by earlier phases does not count), then the median of a few RSS samples.
 */
async function restingMemory(pid, inspectPort) {
  await inspectorCall(inspectPort, 'HeapProfiler.collectGarbage');
  const { usedSize } = await inspectorCall(inspectPort, 'Runtime.getHeapUsage');
  await sleep(300);
  const samples = [];
  for (let i = 0; i < 3; i++) {
    samples.push(rssOf(pid));
    await sleep(100);
  }
  samples.sort((a, b) => a - b);
  return { rss: samples[1], heapUsed: usedSize };
}

/**
 * Starts a server script with a clean environment in a fresh data folder and waits for
 * GET /health → 200. `startupMs` runs from spawn to that first 200.
 */
export async function startServer({
  name,
  script,
  env = {},
  nodeArgs = [],
  argv = [],
  timeoutMs = 30_000,
}) {
  // Another `nest build` in the shared working tree empties dist/ for a few seconds.
  for (let waited = 0; !existsSync(script) && waited < 60_000; waited += 500) await sleep(500);
  const port = await freePort();
  const inspectPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const url = `http://127.0.0.1:${port}`;
  const started = nowMs();
  // The inspector (loopback only) is there to trigger garbage collection before memory readings.
  const args = [
    `--inspect=127.0.0.1:${inspectPort}`,
    ...START_NODE_ARGS,
    ...nodeArgs,
    script,
    ...argv,
  ];
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  // BENCH_SERVER_LOG=<path>: every server's output also goes to <path>.<name> (--trace-gc, say).
  const logTo = process.env.BENCH_SERVER_LOG;
  const keep = (chunk) => {
    if (logTo) appendFileSync(`${logTo}.${name}`, chunk);
    // Only the tail matters when something goes wrong; keep memory bounded.
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  exited.then(
    () => children.delete(child),
    () => undefined,
  );

  const deadline = started + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited during start-up:\n${output}`);
    }
    const status = await fetch(`${url}/health`).then(
      (response) => response.arrayBuffer().then(() => response.status),
      () => 0,
    );
    if (status === 200) break;
    if (nowMs() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name}: /health did not answer 200 within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(20);
  }
  const startupMs = nowMs() - started;

  return {
    name,
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    pid: child.pid,
    startupMs,
    output: () => output,
    memory: () => restingMemory(child.pid, inspectPort),
    inspectPort,
    cpuMs: () => cpuMsOf(child.pid),
    /** SIGTERM (graceful, lets --cpu-prof write its file), SIGKILL after `graceMs`. */
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
