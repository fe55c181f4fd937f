import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { KeyedSerialQueue } from '../common/concurrency/keyed-serial-queue.js';

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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
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
}
