import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { adminPostgresUrl, postgresAvailable } from './databases.js';

/** The Redis the scale-out tests share (its own key prefix per test keeps them apart). */
export const sharedRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `redis-server` on PATH: tests that restart Redis run a throwaway one of their own. */
export type Service = 'postgres' | 'redis' | 'redis-server';

export async function redisAvailable(url = sharedRedisUrl): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    // A connection that never opened has nothing to close; disconnect() would arm a 2 s timer.
    if (client.status !== 'end') client.disconnect();
  }
}

const where: Record<Service, () => string> = {
  postgres: () => `PostgreSQL at ${adminPostgresUrl}`,
  redis: () => `Redis at ${sharedRedisUrl}`,
  'redis-server': () => 'the redis-server program (on PATH)',
};
const probes: Record<Service, () => Promise<boolean>> = {
  postgres: postgresAvailable,
  redis: () => redisAvailable(),
  'redis-server': () =>
    promisify(execFile)('redis-server', ['--version']).then(
      () => true,
      () => false,
    ),
};

/**
 * Whether the services a test file needs answer. In CI (`CI` set) a missing service is a failure
 * that names it; elsewhere the file is skipped with a warning saying what to start.
 */
export async function servicesAvailable(suite: string, needed: Service[]): Promise<boolean> {
  const results = await Promise.all(needed.map(async (s) => [s, await probes[s]()] as const));
  const missing = results.filter(([, up]) => !up).map(([s]) => where[s]());
  if (missing.length === 0) return true;
  const message = `${suite} needs ${missing.join(' and ')}, which did not answer.`;
  if (process.env.CI) throw new Error(`${message} CI must run it: start the service(s).`);
  console.warn(`${message} Skipping ${suite}; start the service(s) to run it.`);
  return false;
}

/** A throwaway redis-server on `port`, without persistence, that a test can kill and start again. */
export class ThrowawayRedis {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 5000): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1'];
    args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no');
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + timeoutMs;
    while (!(await redisAvailable(this.url))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: Redis vanishes as in a crash, with no goodbye to its clients. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
