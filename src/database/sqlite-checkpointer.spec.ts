import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './database.options.js';
import { COMMIT_CHECKPOINT_PAGES, SqliteCheckpointer } from './sqlite-checkpointer.js';

/** A real SQLite file with the app's migrations, as the app opens it (WAL mode). */
describe(SqliteCheckpointer.name, () => {
  let dir: string;
  let file: string;
  let dataSource: DataSource;
  let sut: SqliteCheckpointer;

  const write = async (rows: number) => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS "filler" ("text" TEXT)');
    await dataSource.query(
      'WITH RECURSIVE "n"("i") AS (SELECT 1 UNION ALL SELECT "i" + 1 FROM "n" WHERE "i" < ?) ' +
        'INSERT INTO "filler" SELECT printf(\'%.1000c\', \'x\') FROM "n"',
      [rows],
    );
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    file = join(dir, 'party.sqlite');
    dataSource = await new DataSource({
      ...buildDataSourceOptions(`sqlite:${file}`),
      logger: undefined,
      logging: false,
    }).initialize();
    sut = new SqliteCheckpointer(dataSource);
  });
  afterEach(async () => {
    await sut.onApplicationShutdown();
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the log into the database file beside the writes, not in their commits', async () => {
    await sut.onApplicationBootstrap();
    const [{ wal_autocheckpoint: pages }] = await dataSource.query<
      Array<{ wal_autocheckpoint: number }>
    >('PRAGMA wal_autocheckpoint');
    expect(pages).toBe(COMMIT_CHECKPOINT_PAGES);

    const before = statSync(file).size;
    // About 300 pages: below the 1,000 at which SQLite would have checkpointed in the commit.
    await write(1000);
    expect(statSync(file).size).toBe(before);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);

    await sut.checkpoint();
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
  });

  it('leaves SQLite to checkpoint in the commits when it cannot open a connection of its own', async () => {
    // A database the app's connection holds open, whose file is then gone: a second open fails.
    rmSync(dir, { recursive: true, force: true });

    await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
    await sut.checkpoint();

    const [{ wal_autocheckpoint: pages }] = await dataSource.query<
      Array<{ wal_autocheckpoint: number }>
    >('PRAGMA wal_autocheckpoint');
    expect(pages).toBe(1000);
  });

  it('leaves an in-memory database alone', async () => {
    await dataSource.destroy();
    dataSource = await new DataSource({
      ...buildDataSourceOptions('sqlite::memory:'),
      logger: undefined,
      logging: false,
    }).initialize();
    sut = new SqliteCheckpointer(dataSource);

    await sut.onApplicationBootstrap();
    await sut.checkpoint();

    const [{ wal_autocheckpoint: pages }] = await dataSource.query<
      Array<{ wal_autocheckpoint: number }>
    >('PRAGMA wal_autocheckpoint');
    expect(pages).toBe(1000);
  });
});
