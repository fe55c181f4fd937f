import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { KeyedSerialQueue } from '../common/concurrency/keyed-serial-queue.js';
import { RawSql } from './raw-sql.js';

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
   * As run, for work that sends every statement through RawSql (a vote batch). On SQLite, BEGIN
   * and COMMIT then go through RawSql as well, as prepared statements: TypeORM's query runner
   * prepares each anew, a thread-pool round trip of its own, and a batch waits for every one.
   */
  runRaw<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialised) return this.dataSource.transaction(work);
    return this.queue.run('sqlite', async () => {
      const manager = this.dataSource.manager;
      await this.raw.run(manager, 'BEGIN', []);
      try {
        const result = await work(manager);
        await this.raw.run(manager, 'COMMIT', []);
        return result;
      } catch (error) {
        await this.raw.run(manager, 'ROLLBACK', []).catch(() => undefined);
        throw error;
      }
    });
  }
}
