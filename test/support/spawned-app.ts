import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './test-app.js';

/** The project folder: `npm start` runs the bundled server, `dist/server.mjs`, from here. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const mainScript = join(projectRoot, 'dist/server.mjs');

const buildLock = join(tmpdir(), `spotify-party-build-${Buffer.from(projectRoot).toString('hex')}`);

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Builds dist/ when it is stale, as `npm start` does. Jest runs test files in parallel workers and
 * `nest build` empties dist/ first, so builds are serialised through a lock folder.
 */
export async function ensureBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(buildLock);
      break;
    } catch {
      const age = Date.now() - (statSync(buildLock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 120_000) rmSync(buildLock, { recursive: true, force: true });
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for the build lock ${buildLock}`);
      }
      await sleep(200);
    }
  }
  try {
    await promisify(execFile)(process.execPath, ['scripts/ensure-build.mjs'], {
      cwd: projectRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const report = `The build failed:\n${stdout}\n${stderr}`;
    // tsc still emits on type errors; in a shared working tree someone else's half-done file must
    // not block every local run, but CI insists on a clean build.
    if (process.env.CI || !existsSync(mainScript)) throw new Error(report, { cause: error });
    console.warn(`${report}\nRunning the JavaScript that was emitted anyway.`);
  } finally {
    rmSync(buildLock, { recursive: true, force: true });
  }
}

export interface SpawnedApp {
  child: ChildProcess;
  /** The working directory the process runs in (a fresh temporary folder unless given). */
  cwd: string;
  port: number;
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stdout(): string;
  /** Resolves with the exit code and signal; rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Polls GET /health until it answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** Kills the process if still running and removes the temporary folder. */
  cleanup(): Promise<void>;
}

export interface SpawnOptions {
  /** The whole environment of the app besides PATH and HOME: nothing leaks from the test run. */
  env?: Record<string, string>;
  cwd?: string;
  port?: number;
  /** Options for Node itself, before the script (`--import …`). */
  nodeArgs?: string[];
  /** The script to run instead of dist/server.mjs (a copy of it elsewhere). */
  script?: string;
}

/** Starts `node dist/server.mjs` as `npm start` would, in a clean environment. */
export async function spawnApp(options: SpawnOptions = {}): Promise<SpawnedApp> {
  const port = options.port ?? (await freePort());
  const ownCwd = options.cwd === undefined;
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'party-spawn-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? cwd,
    PORT: String(port),
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), options.script ?? mainScript],
    {
      cwd,
      env,
      stdio: 'pipe',
    },
  );
  let out = '';
  let stdoutText = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    stdoutText += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;

  return {
    child,
    cwd,
    port,
    url,
    output: () => out,
    stdout: () => stdoutText,
    exited: (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`The app did not exit within ${timeoutMs} ms. Output:\n${out}`)),
          timeoutMs,
        );
      });
      return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    },
    ready: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`The app exited early. Output:\n${out}`);
        const status = await fetch(`${url}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) return;
        await sleep(100);
      }
      throw new Error(`GET /health did not answer 200 within ${timeoutMs} ms. Output:\n${out}`);
    },
    cleanup: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
      if (ownCwd) rmSync(cwd, { recursive: true, force: true });
    },
  };
}
