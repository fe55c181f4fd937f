import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import sqlite3 from 'sqlite3';
import type { DataSource, EntityManager, QueryRunner, ReplicationMode } from 'typeorm';
import type { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver.js';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner.js';
import { SerialLock } from '../common/concurrency/serial-lock.js';
import { closeSqlite, openSqliteFile, sqliteFileOf } from './sqlite-file.js';

/**
 * A query runner on the app's (writing) SQLite connection that takes turns: from BEGIN to COMMIT
 * its transaction holds the write lock, and a statement it runs outside a transaction waits for
 * the lock and runs alone. TypeORM asks for one per operation (SqliteConnections), so the lock's
 * holder is this object, and no statement of another caller can land inside its transaction.
 */
export class LockingSqliteQueryRunner extends SqliteQueryRunner {
  /** Lets the next holder in; set while this runner holds the lock. */
  private unlock?: () => void;

  constructor(
    driver: SqliteDriver,
    private readonly lock: SerialLock,
  ) {
    super(driver);
  }

  /** Whether this runner holds the write lock (a transaction of its own is open). */
  get holdsLock(): boolean {
    return this.unlock !== undefined;
  }

  override async query(
    query: string,
    parameters?: unknown[],
    structured = false,
  ): ReturnType<SqliteQueryRunner['query']> {
    if (this.unlock) return super.query(query, parameters, structured);
    return this.lock.run(() => super.query(query, parameters, structured));
  }

  override async startTransaction(isolationLevel?: Parameters<QueryRunner['startTransaction']>[0]) {
    const outermost = !this.unlock;
    if (outermost) this.unlock = await this.lock.acquire();
    try {
      await super.startTransaction(isolationLevel);
    } catch (error) {
      if (outermost && this.transactionDepth === 0) this.releaseLock();
      throw error;
    }
  }

  override async commitTransaction(): Promise<void> {
    await super.commitTransaction();
    if (this.transactionDepth === 0) this.releaseLock();
  }

  override async rollbackTransaction(): Promise<void> {
    const outermost = this.transactionDepth <= 1;
    try {
      await super.rollbackTransaction();
    } finally {
      // Even when the ROLLBACK itself fails: no runner that nobody will finish keeps the lock.
      if (outermost) {
        this.isTransactionActive = false;
        this.transactionDepth = 0;
        this.releaseLock();
      }
    }
  }

  /**
   * Runs `work` holding the lock, as a transaction TypeORM sees as open on this runner, though
   * BEGIN and COMMIT are the caller's (TransactionRunner.runRaw sends them as prepared
   * statements): an operation on `this.manager` joins it instead of beginning one of its own.
   */
  async exclusively<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.unlock) throw new Error('The runner already holds the SQLite write lock');
    this.unlock = await this.lock.acquire();
    this.isTransactionActive = true;
    this.transactionDepth = 1;
    try {
      return await work(this.manager);
    } finally {
      this.isTransactionActive = false;
      this.transactionDepth = 0;
      this.releaseLock();
    }
  }

  /** A transaction left open by a caller that failed is rolled back, never left holding the lock. */
  override async release(): Promise<void> {
    if (this.unlock && this.isTransactionActive && this.transactionDepth > 0) {
      await this.rollbackTransaction().catch(() => undefined);
    }
    return super.release();
  }

  private releaseLock(): void {
    const unlock = this.unlock;
    this.unlock = undefined;
    unlock?.();
  }
}

/** A query runner on the read-only connection: reads outside a transaction, none of them waiting. */
class ReadingSqliteQueryRunner extends SqliteQueryRunner {
  constructor(
    driver: SqliteDriver,
    private readonly reader: sqlite3.Database,
  ) {
    super(driver);
  }

  override connect(): Promise<sqlite3.Database> {
    return Promise.resolve(this.reader);
  }

  override startTransaction(): Promise<void> {
    return Promise.reject(new Error('Transactions run on the writing connection'));
  }
}

/**
 * SQLite's connections, for TypeORM and RawSql alike. TypeORM gives a SQLite data source one
 * connection and one query runner for every caller, so a statement sent while another caller's
 * transaction is open runs inside it: a read sees rows that are not committed and may never be,
 * a write commits or rolls back with someone else's work, and a save's BEGIN fails ("cannot start
 * a transaction within a transaction"). Here instead:
 *
 * - Writes take turns on the app's connection (SerialLock): a transaction holds the lock from
 *   BEGIN to COMMIT, and a statement outside one waits for the lock and runs alone. TypeORM gets
 *   a LockingSqliteQueryRunner per operation, so each transaction knows its own statements.
 * - Reads outside a transaction go to a second connection, opened read-only (`query_only`). In WAL
 *   mode it sees the database as of its last commit, never a transaction in progress, and it
 *   reads beside the writer instead of waiting for it (as PostgreSQL's pool does).
 *
 * An in-memory database has no second connection (each is a database of its own): there reads
 * take their turn on the app's connection.
 */
export class SqliteConnections implements OnApplicationShutdown {
  private static readonly logger = new Logger('SqliteConnections');
  readonly lock: SerialLock;
  private readonly readerRunner?: ReadingSqliteQueryRunner;

  private constructor(
    private readonly dataSource: DataSource,
    /** The read-only connection, if the database is a file. */
    readonly reader: sqlite3.Database | null,
    lockTimeoutMs: number,
  ) {
    this.lock = new SerialLock(lockTimeoutMs);
    const driver = dataSource.driver as SqliteDriver;
    if (reader) this.readerRunner = new ReadingSqliteQueryRunner(driver, reader);
    driver.createQueryRunner = (mode: ReplicationMode) =>
      mode === 'slave' && this.readerRunner
        ? this.readerRunner
        : new LockingSqliteQueryRunner(driver, this.lock);
  }

  /**
   * Installs the connections on an initialised SQLite data source (migrations have run). A
   * write waits for the lock as long as SQLite's own busy timeout, then fails: a transaction
   * that writes outside its own manager would otherwise wait for itself, and every write after
   * it with it.
   */
  static async install(
    dataSource: DataSource,
    { lockTimeoutMs = busyTimeoutOf(dataSource.options) || 10_000 } = {},
  ): Promise<SqliteConnections> {
    const file = sqliteFileOf(dataSource.options);
    let reader: sqlite3.Database | null = null;
    if (file) {
      try {
        reader = await openSqliteFile(file, [
          'query_only = 1',
          `busy_timeout = ${busyTimeoutOf(dataSource.options)}`,
        ]);
      } catch (error) {
        SqliteConnections.logger.warn(
          `No read-only connection (reads take turns with the writes): ${(error as Error).message}`,
        );
      }
    }
    return new SqliteConnections(dataSource, reader, lockTimeoutMs);
  }

  /** The app's connection, which writes. */
  get writer(): sqlite3.Database {
    const connection = (this.dataSource.driver as SqliteDriver).databaseConnection as
      sqlite3.Database | undefined;
    if (!connection) throw new Error('The database is not connected');
    return connection;
  }

  /** Whether `manager` works in a transaction that holds the write lock. */
  holdsLock(manager: EntityManager): boolean {
    const runner = manager.queryRunner;
    return runner instanceof LockingSqliteQueryRunner && runner.holdsLock;
  }

  /** A runner of its own on the app's connection (a transaction's). */
  writingRunner(): LockingSqliteQueryRunner {
    return this.dataSource.createQueryRunner('master') as LockingSqliteQueryRunner;
  }

  async onApplicationShutdown(): Promise<void> {
    const reader = this.reader;
    if (!reader) return;
    await closeSqlite(reader);
  }
}

function busyTimeoutOf(options: DataSource['options']): number {
  return 'busyTimeout' in options ? Number(options.busyTimeout ?? 0) : 0;
}
