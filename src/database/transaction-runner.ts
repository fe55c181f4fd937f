import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RawSql } from './raw-sql.js';
import { SqliteConnections } from './sqlite-connections.js';

/**
 * Runs units of work in a transaction. PostgreSQL transactions run concurrently, each on its own
 * pooled connection. SQLite allows one writer at a time: there a transaction holds the write lock
 * of SqliteConnections from BEGIN to COMMIT, so transactions queue up in order, "database is
 * locked" cannot happen in-process, and no statement of another caller runs inside one.
 */
@Injectable()
export class TransactionRunner implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly raw: RawSql,
    @Optional() @Inject(SqliteConnections) private readonly sqlite?: SqliteConnections | null,
  ) {}

  /**
   * In WAL mode, synchronous=NORMAL keeps the database consistent and loses no committed
   * transaction when the process crashes; only an OS crash or power cut can drop the last few.
   * It saves an fsync per commit, which otherwise dominates the latency of a vote.
   */
  async onModuleInit(): Promise<void> {
    if (this.sqlite) await this.dataSource.query('PRAGMA synchronous = NORMAL');
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * As run, for work that sends every statement through RawSql (a vote batch). On SQLite, BEGIN
   * and COMMIT then go through RawSql as well, as prepared statements: TypeORM's query runner
   * prepares each anew, a thread-pool round trip of its own, and a batch waits for every one.
   */
  runRaw<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.sqlite) return this.dataSource.transaction(work);
    return this.sqlite.writingRunner().exclusively(async (manager) => {
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
