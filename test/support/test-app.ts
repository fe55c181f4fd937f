import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createHttpAdapter } from '../../src/app.setup.js';
import { createPostgresDatabase, usePostgres } from './databases.js';

export interface TestApp {
  app: INestApplication;
  url: string;
  wsUrl: string;
  port: number;
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Reuse a database (e.g. a second instance, or a restart). */
  databaseUrl?: string;
  /** Reuse a data folder (dev secrets live there). */
  dataDir?: string;
  port?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  TOKEN_ENCRYPTION_KEY: 'test-token-key-0123456789abcdefghijklmnopqrstuvwxyz',
};

/**
 * The Redis a test app uses when the run sets TEST_REDIS_URL, with a key prefix of its own: Jest
 * workers share one Redis, and rate-limit counters keyed by 127.0.0.1 must not add up across apps.
 * (Channels are scoped by room id, so events never cross.) Apps meant to share counters pass one
 * REDIS_URL to all of them.
 */
export function testRedisUrl(baseUrl = process.env.TEST_REDIS_URL): string | undefined {
  if (!baseUrl) return undefined;
  const url = new URL(baseUrl);
  url.searchParams.set('keyPrefix', `party-test-${randomBytes(6).toString('hex')}:`);
  return url.toString();
}

/** Database and data folder for a fresh test app; cleaned up by the returned function. */
export async function freshStorage(): Promise<{
  databaseUrl: string;
  dataDir: string;
  cleanup(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'party-test-'));
  if (usePostgres) {
    const db = await createPostgresDatabase();
    return {
      databaseUrl: db.url,
      dataDir,
      cleanup: async () => {
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  return {
    databaseUrl: `sqlite:${join(dataDir, 'party.sqlite')}`,
    dataDir,
    cleanup: () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** Boots the real AppModule on a real port, as main.ts does. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const storage =
    options.databaseUrl && options.dataDir
      ? {
          databaseUrl: options.databaseUrl,
          dataDir: options.dataDir,
          cleanup: () => Promise.resolve(),
        }
      : await freshStorage();
  const port = options.port ?? (await freePort());
  // A test that sets REDIS_URL, even to undefined (no Redis), decides for itself.
  const redisUrl = options.env && 'REDIS_URL' in options.env ? undefined : testRedisUrl();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: String(port),
    DATABASE_URL: storage.databaseUrl,
    DATA_DIR: storage.dataDir,
    ...TEST_SECRETS,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(Object.fromEntries(
      Object.entries(options.env ?? {}).filter(([, v]) => v !== undefined),
    ) as Record<string, string>),
  };
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(env)],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    env,
    close: async () => {
      await app.close();
      await storage.cleanup();
    },
  };
}
