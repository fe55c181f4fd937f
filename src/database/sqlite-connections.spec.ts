import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LockTimeoutError } from '../common/concurrency/serial-lock.js';
import { User } from '../users/user.entity.js';
import { buildDataSourceOptions } from './database.options.js';
import { RawSql } from './raw-sql.js';
import { sqlDialectFor } from './sql-dialect.js';
import { SqliteConnections } from './sqlite-connections.js';
import { TransactionRunner } from './transaction-runner.js';

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

/** Lets sqlite3's thread pool and the event loop run whatever was sent. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

/** The app's database as the app opens it (migrations, WAL), with its connections installed. */
describe(SqliteConnections.name, () => {
  let dir: string | undefined;
  let dataSource: DataSource;
  let connections: SqliteConnections;
  let raw: RawSql;
  let transactions: TransactionRunner;

  const open = async (where: 'file' | 'memory', lockTimeoutMs?: number) => {
    dir = where === 'file' ? mkdtempSync(join(tmpdir(), 'connections-')) : undefined;
    const url = dir ? `sqlite:${join(dir, 'party.sqlite')}` : 'sqlite::memory:';
    dataSource = await new DataSource({
      ...buildDataSourceOptions(url),
      logger: undefined,
      logging: false,
    }).initialize();
    connections = await SqliteConnections.install(dataSource, { lockTimeoutMs });
    raw = new RawSql(sqlDialectFor('sqlite'), connections);
    transactions = new TransactionRunner(dataSource, raw, connections);
  };
  afterEach(async () => {
    raw.onModuleDestroy();
    await connections.onApplicationShutdown();
    if (dataSource.isInitialized) await dataSource.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const users = () => dataSource.getRepository(User);
  const guest = (displayName: string) => ({ displayName, isGuest: true, spotifyId: null });
  const names = async () =>
    (await users().find({ order: { displayName: 'ASC' } })).map((u) => u.displayName);
  const rawNames = async () =>
    (
      await raw.rows<{ displayName: string }>(
        dataSource.manager,
        'SELECT "displayName" FROM "users" ORDER BY "displayName"',
        [],
      )
    ).map((row) => row.displayName);

  /** A transaction that inserts `name`, then stays open until `close` is resolved. */
  const openTransaction = (name: string, fail = false) => {
    const inserted = deferred();
    const close = deferred();
    const done = transactions.run(async (manager) => {
      await manager.insert(User, guest(name));
      inserted.resolve();
      await close.promise;
      if (fail) throw new Error('the transaction fails');
    });
    return { inserted: inserted.promise, close: close.resolve, done };
  };

  it('reads only what is committed while a transaction is open, and does not wait for it', async () => {
    await open('file');
    await users().save(guest('Ada'));
    const open1 = openTransaction('Bo');
    await open1.inserted;

    // TypeORM's reads and RawSql's, outside the transaction: the open one's row is not there.
    expect(await names()).toEqual(['Ada']);
    expect(await rawNames()).toEqual(['Ada']);

    open1.close();
    await open1.done;
    expect(await names()).toEqual(['Ada', 'Bo']);
    expect(await rawNames()).toEqual(['Ada', 'Bo']);
  });

  it('runs a save made during another transaction after it, in a transaction of its own', async () => {
    await open('file');
    const failing = openTransaction('Rolled back', true);
    await failing.inserted;
    let saved = false;
    const save = users()
      .save(guest('Saved'))
      .then(() => (saved = true));
    await settle();
    expect(saved).toBe(false);

    failing.close();
    await expect(failing.done).rejects.toThrow('the transaction fails');
    await save;
    // The save was not part of the transaction that rolled back.
    expect(await names()).toEqual(['Saved']);
  });

  it('runs a save made during a vote batch (BEGIN sent by RawSql) after it, not inside it', async () => {
    await open('file');
    const inserted = deferred();
    const close = deferred();
    const batch = transactions.runRaw(async (manager) => {
      await raw.run(
        manager,
        'INSERT INTO "users" ("id", "displayName", "isGuest", "createdAt") VALUES (?, ?, 1, ?)',
        ['00000000-0000-4000-8000-000000000001', 'Batch', new Date().toISOString()],
      );
      inserted.resolve();
      await close.promise;
    });
    await inserted.promise;
    // Before, this BEGIN failed: "cannot start a transaction within a transaction".
    const save = users().save(guest('Joined'));
    const update = users().update({ displayName: 'Batch' }, { displayName: 'Renamed' });
    await settle();
    close.resolve();
    await batch;
    await save;
    expect((await update).affected).toBe(1);
    expect(await names()).toEqual(['Joined', 'Renamed']);
  });

  it('lets the next writer in after a statement outside a transaction fails', async () => {
    await open('file');
    const [ada] = await users().save([guest('Ada')]);
    await expect(users().insert({ ...guest('Ada again'), id: ada.id })).rejects.toThrow(
      /UNIQUE constraint failed/,
    );
    await users().save(guest('Bo'));
    expect(await names()).toEqual(['Ada', 'Bo']);
  });

  it('fails a write that waits for its own transaction (outside its manager), and writes go on', async () => {
    await open('file', 200);
    const done = transactions.run(async (manager) => {
      await manager.insert(User, guest('Inside'));
      // A mistake: the repository, not the transaction's manager.
      await users().insert(guest('Outside'));
    });
    await expect(done).rejects.toThrow(LockTimeoutError);
    await users().save(guest('After'));
    expect(await names()).toEqual(['After']);
  });

  it('has reads of an in-memory database wait for the open transaction instead of reading into it', async () => {
    await open('memory');
    expect(connections.reader).toBeNull();
    const open1 = openTransaction('Bo');
    await open1.inserted;
    let read: string[] | undefined;
    const reading = names().then((found) => (read = found));
    await settle();
    expect(read).toBeUndefined();

    open1.close();
    await open1.done;
    await reading;
    expect(read).toEqual(['Bo']);
  });
});
