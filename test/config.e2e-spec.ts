import { beforeAll, describe, expect, it } from '@jest/globals';
import { ensureBuilt, spawnApp } from './support/spawned-app.js';

interface Failure {
  code: number | null;
  output: string;
}

/** Starts `node dist/server.mjs` with `env` and waits for it to give up. */
async function boot(env: Record<string, string>): Promise<Failure> {
  const app = await spawnApp({ env });
  try {
    const { code } = await app.exited(30_000);
    return { code, output: app.output() };
  } finally {
    await app.cleanup();
  }
}

const CASES = {
  badDatabaseUrl: { DATABASE_URL: 'mysql://x' },
  productionWithoutSecrets: { NODE_ENV: 'production' },
  shortJwtSecret: { JWT_SECRET: '0123456789' },
  severalWrongValues: { PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'nope' },
};

describe('Configuration is validated at boot (node dist/server.mjs)', () => {
  const results: Partial<Record<keyof typeof CASES, Failure>> = {};

  beforeAll(async () => {
    await ensureBuilt();
    // The processes are independent: starting them together keeps the file fast.
    await Promise.all(
      Object.entries(CASES).map(async ([name, env]) => {
        results[name as keyof typeof CASES] = await boot(env);
      }),
    );
  }, 120_000);

  function failure(name: keyof typeof CASES): string {
    const result = results[name]!;
    expect(result.code).not.toBeNull();
    expect(result.code).not.toBe(0);
    // One clear message for the operator, not a stack trace.
    expect(result.output).toContain('Invalid configuration:');
    expect(result.output).not.toMatch(/^\s+at /m);
    return result.output;
  }

  it('stops on a bad DATABASE_URL with a message naming it', () => {
    expect(failure('badDatabaseUrl')).toContain(
      'DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://',
    );
  });

  it('stops in production without secrets, naming every missing variable', () => {
    const output = failure('productionWithoutSecrets');
    for (const name of [
      'JWT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
      'SPOTIFY_CLIENT_ID',
      'SPOTIFY_CLIENT_SECRET',
    ]) {
      expect(output).toContain(`${name} is required when NODE_ENV=production`);
    }
  });

  it('stops on a JWT_SECRET shorter than 32 characters without echoing it', () => {
    const output = failure('shortJwtSecret');
    expect(output).toContain('JWT_SECRET must be at least 32 characters long');
    expect(output).not.toContain('0123456789');
  });

  it('names each of several wrong values at once', () => {
    const output = failure('severalWrongValues');
    expect(output).toMatch(/^ {2}- PORT must/m);
    expect(output).toMatch(/^ {2}- LOG_LEVEL must/m);
    expect(output).toContain('REDIS_URL must look like redis://host:6379');
  });
});
