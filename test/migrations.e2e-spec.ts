import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/database.options.js';
import {
  adminPostgresUrl,
  createPostgresDatabase,
  postgresAvailable,
} from './support/databases.js';

const MIGRATIONS_TABLE = 'migrations';

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> =
    dataSource.options.type === 'postgres'
      ? await dataSource.query(
          `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`,
        )
      : await dataSource.query(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
        );
  return rows.map((r) => r.name).sort();
}

interface EmptyDatabase {
  databaseUrl: string;
  drop: () => Promise<void>;
}

/** The same checks on either database, starting from an empty one. */
function migrationSuite(open: () => Promise<EmptyDatabase>) {
  let dataSource: DataSource;
  let drop: () => Promise<void> = () => Promise.resolve();

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await drop();
  });

  it('creates every entity table from an empty database', async () => {
    const storage = await open();
    drop = storage.drop;
    dataSource = new DataSource({
      ...buildDataSourceOptions(storage.databaseUrl),
      migrationsRun: false,
      logging: false,
    });
    await dataSource.initialize();
    expect(await tableNames(dataSource)).toEqual([]);

    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(dataSource.migrations.map((m) => m.name));
    expect(applied.length).toBeGreaterThan(0);

    const expected = [...dataSource.entityMetadatas.map((m) => m.tableName), MIGRATIONS_TABLE];
    expect(await tableNames(dataSource)).toEqual([...new Set(expected)].sort());
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('leaves a schema that matches the entities exactly', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    // Any query here means an entity changed without a migration (see README, "Database migrations").
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration down to an empty schema, and applies them again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    expect(await tableNames(dataSource)).toEqual([MIGRATIONS_TABLE]);
    expect(await dataSource.query(`SELECT * FROM "${MIGRATIONS_TABLE}"`)).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
}

describe('Migrations on SQLite', () => {
  migrationSuite(() => {
    const dir = mkdtempSync(join(tmpdir(), 'party-migrations-'));
    return Promise.resolve({
      databaseUrl: `sqlite:${join(dir, 'party.sqlite')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  });
});

// Skipped on a developer machine without PostgreSQL; CI sets CI=true and must run it.
const postgresUp = await postgresAvailable();
if (!postgresUp && !process.env.CI) {
  console.warn(
    `PostgreSQL is missing at ${adminPostgresUrl}: the PostgreSQL migration tests are skipped. ` +
      'Start it (see README, "Running the tests") to run them.',
  );
}

(postgresUp || process.env.CI ? describe : describe.skip)('Migrations on PostgreSQL', () => {
  migrationSuite(async () => {
    const db = await createPostgresDatabase();
    return { databaseUrl: db.url, drop: () => db.drop() };
  });
});
