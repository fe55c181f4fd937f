import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/database.options.js';
import { createPostgresDatabase, postgresAvailable } from './support/databases.js';

const postgresUp = await postgresAvailable();
if (!postgresUp && !process.env.CI) {
  console.warn('PostgreSQL is not reachable: its connection settings are not tested here');
}

(postgresUp || process.env.CI ? describe : describe.skip)('PostgreSQL connection settings', () => {
  const opened: DataSource[] = [];
  let drop: () => Promise<void> = () => Promise.resolve();
  let url: string;

  const synchronousCommit = async (databaseUrl: string): Promise<string> => {
    const dataSource = await new DataSource(buildDataSourceOptions(databaseUrl)).initialize();
    opened.push(dataSource);
    const [{ synchronous_commit: value }] =
      await dataSource.query<Array<{ synchronous_commit: string }>>('SHOW synchronous_commit');
    return value;
  };

  afterAll(async () => {
    for (const dataSource of opened) await dataSource.destroy();
    await drop();
  });

  it("commits without waiting for the WAL's flush, as SQLite runs with synchronous=NORMAL", async () => {
    const db = await createPostgresDatabase();
    drop = () => db.drop();
    url = db.url;
    expect(await synchronousCommit(url)).toBe('off');
  });

  it("takes the setting from DATABASE_URL's options over the app's", async () => {
    expect(await synchronousCommit(`${url}?options=-c%20synchronous_commit%3Don`)).toBe('on');
  });
});
