import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { KeyedSerialQueue } from '../common/concurrency/keyed-serial-queue.js';
import { RawSql, type SqlWrite } from './raw-sql.js';

/** What a unit of work for runRaw answers: its result, and the writes to commit with it. */
export interface RawWork<T> {
  result: T;
  writes: readonly SqlWrite[];
}

const COMMIT: SqlWrite = { sql: 'COMMIT', params: [] };

/**
 * Runs units of work in a transaction. SQLite gives TypeORM one shared connection, on which two
 * overlapping transactions would interleave; it also allows one writer at a time anyway. So on
 * SQLite transactions queue up here, in order, and "database is locked" cannot happen in-process.
 * PostgreSQL transactions run concurrently, each on its own pooled connection.
 */
@Injectable()
export class TransactionRunner implements OnModuleInit {
  /** One key: SQLite's single connection. */
  private readonly queue = new KeyedSerialQueue<'sqlite'>();
  readonly serialised: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly raw: RawSql,
  ) {
    this.serialised = dataSource.options.type === 'sqlite';
  }

  /**
   * In WAL mode, synchronous=NORMAL keeps the database consistent and loses no committed
   * transaction when the process crashes; only an OS crash or power cut can drop the last few.
   * It saves an fsync per commit, which otherwise dominates the latency of a vote.
   */
  async onModuleInit(): Promise<void> {
    if (this.serialised) await this.dataSource.query('PRAGMA synchronous = NORMAL');
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialised) return this.dataSource.transaction(work);
    return this.queue.run('sqlite', () => this.dataSource.transaction(work));
  }

  /**
   * As run, for work that sends every statement through RawSql (a vote batch) and answers its
   * result with the writes that end it, to be sent with the commit. On SQLite, BEGIN goes as a
   * prepared statement (TypeORM's query runner prepares each anew, a thread-pool round trip of its
   * own), and the writes go with COMMIT in one script (RawSql.runScript): two round trips besides
   * the work's reads, where the writes and COMMIT took one each. On PostgreSQL the writes go as one
   * statement (RawSql.writeAll) before TypeORM commits.
   */
  runRaw<T>(work: (manager: EntityManager) => Promise<RawWork<T>>): Promise<T> {
    if (!this.serialised) {
      return this.dataSource.transaction(async (manager) => {
        const { result, writes } = await work(manager);
        await this.raw.writeAll(manager, writes);
        return result;
      });
    }
    return this.queue.run('sqlite', async () => {
      const manager = this.dataSource.manager;
      await this.raw.run(manager, 'BEGIN', []);
      try {
        const { result, writes } = await work(manager);
        await this.raw.runScript(manager, [...writes, COMMIT]);
        return result;
      } catch (error) {
        // Whatever failed (the work, a write, or COMMIT itself), the transaction may be open.
        await this.raw.run(manager, 'ROLLBACK', []).catch(() => undefined);
        throw error;
      }
    });
  }
}
