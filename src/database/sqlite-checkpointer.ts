import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { closeSqlite, openSqliteFile, sqliteFileOf } from './sqlite-file.js';

/** How often the log is copied into the database file. */
export const CHECKPOINT_INTERVAL_MS = 100;
/**
 * The app's connection still checkpoints in a commit once the log holds this many pages (80 MB).
 * The log starts over from its beginning only after a checkpoint that no commit ran beside, so
 * under writes without a pause this is what bounds it; by then the copies here have done nearly
 * all of the work, and the commit copies what came since the last one.
 */
export const COMMIT_CHECKPOINT_PAGES = 20_000;

/**
 * Copies SQLite's write-ahead log into the database file from a connection of its own, beside the
 * writes instead of inside them. By default SQLite checkpoints in the COMMIT that takes the log
 * past 1,000 pages: that transaction copies the pages and syncs the database file, 8–15 ms on
 * these machines (nearly all of it the sync of a few MB of pages), in about one commit in thirty
 * of a vote batch's size, and every vote waiting behind it waits as long. Here a PASSIVE
 * checkpoint runs every 100 ms on its own connection (in sqlite3's thread pool, waiting for no
 * writer and making none wait), and the app's connection checkpoints in a commit only past
 * COMMIT_CHECKPOINT_PAGES. A log that stays under 4,000 pages is not enough: under 16 connections
 * of votes it passes that several times a second, and the commits' checkpoints stall as before.
 *
 * A file database only (an in-memory one has no log). Durability is WAL mode's with
 * synchronous=NORMAL as before: a checkpoint copies committed pages, whichever connection runs it.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SqliteCheckpointer.name);
  private connection?: sqlite3.Database;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastWarning = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = sqliteFileOf(this.dataSource.options);
    if (!file) return;
    try {
      this.connection = await openSqliteFile(file);
    } catch (error) {
      // The app runs as before, SQLite checkpointing in the commits.
      this.logger.warn(`No connection of its own to checkpoint with: ${(error as Error).message}`);
      return;
    }
    await this.dataSource.query(`PRAGMA wal_autocheckpoint = ${COMMIT_CHECKPOINT_PAGES}`);
    this.timer = setInterval(() => void this.checkpoint(), CHECKPOINT_INTERVAL_MS).unref();
  }

  /** A PASSIVE checkpoint, unless one is still running; it never throws. */
  checkpoint(): Promise<void> {
    const connection = this.connection;
    if (!connection) return Promise.resolve();
    this.running ??= new Promise<void>((resolve) => {
      connection.all('PRAGMA wal_checkpoint(PASSIVE)', (error) => {
        this.running = undefined;
        // BUSY: the app's connection is checkpointing in a commit; the next turn goes on.
        if (error && !/SQLITE_BUSY/.test(error.message)) this.warn(error);
        resolve();
      });
    });
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    await this.running;
    await closeSqlite(connection);
  }

  /** At most one warning a minute: a failing checkpoint fails every 100 ms. */
  private warn(error: Error): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`The write-ahead log was not checkpointed: ${error.message}`);
  }
}
