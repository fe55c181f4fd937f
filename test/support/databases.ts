import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Where e2e tests keep their data. Default: a fresh SQLite file per app. With
 * TEST_DATABASE=postgres (CI runs the suite both ways) each call creates a throwaway PostgreSQL
 * database on TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
export const usePostgres = process.env.TEST_DATABASE === 'postgres';
export const adminPostgresUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `party_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminPostgresUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminPostgresUrl} (${(error as Error).message}). ` +
        'Start it (see README, "Running the tests") or run without TEST_DATABASE=postgres.',
      { cause: error },
    );
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminPostgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminPostgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: adminPostgresUrl,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
