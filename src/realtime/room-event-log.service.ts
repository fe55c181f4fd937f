import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, LessThan, MoreThan, Repository, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { RawSql, type SqlWrite } from '../database/raw-sql.js';
import { SqlDialect } from '../database/sql-dialect.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RoomEvent } from './room-event.entity.js';

const HOUR_MS = 60 * 60 * 1000;

export interface LoggedEvent<T> {
  seq: number;
  /** A fresh object per read: never shared between subscribers. */
  event: T;
}

/**
 * The durable log of a room's updates, in the database so it survives restarts and serves every
 * instance: written in the transaction of the change (no commit of its own), read by subscribers
 * that resume (primary key roomId, seq), pruned by age every hour.
 */
@Injectable()
export class RoomEventLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoomEventLog.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(RoomEvent) private readonly events: Repository<RoomEvent>,
    private readonly dialect: SqlDialect,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly raw: RawSql,
  ) {}

  get retentionMs(): number {
    return this.config.eventLogRetentionHours * HOUR_MS;
  }

  onApplicationBootstrap(): void {
    const prune = () => {
      this.prune(new Date(Date.now() - this.retentionMs)).catch((error: Error) =>
        this.logger.warn(`Pruning the room event log failed: ${error.message}`),
      );
    };
    prune();
    this.timer = setInterval(prune, HOUR_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Records the room's updates (each `event` as number `seq`) in one statement, inside the caller's transaction. */
  async append(
    manager: EntityManager,
    roomId: string,
    entries: ReadonlyArray<{ seq: number; event: object; at: Date }>,
  ): Promise<void> {
    const write = this.appendWrite(roomId, entries);
    // Through RawSql, as the vote's other statements sent with it.
    if (write) await this.raw.run(manager, write.sql, write.params);
  }

  /** The statement append sends, for a caller that sends it together with others. */
  appendWrite(
    roomId: string,
    entries: ReadonlyArray<{ seq: number; event: object; at: Date }>,
  ): SqlWrite | null {
    if (entries.length === 0) return null;
    if (this.dialect.arrays) {
      return {
        sql:
          'INSERT INTO "room_events" ("roomId", "seq", "payload", "createdAt") ' +
          'SELECT ?::uuid, * FROM unnest(?::integer[], ?::text[], ?::timestamp[])',
        params: [
          roomId,
          entries.map((entry) => entry.seq),
          entries.map((entry) => JSON.stringify(entry.event)),
          entries.map((entry) => this.dialect.timestamp(entry.at)),
        ],
      };
    }
    const params: unknown[] = [];
    for (const { seq, event, at } of entries) {
      params.push(roomId, seq, JSON.stringify(event), this.dialect.timestamp(at));
    }
    return {
      sql:
        'INSERT INTO "room_events" ("roomId", "seq", "payload", "createdAt") VALUES ' +
        entries.map(() => '(?, ?, ?, ?)').join(', '),
      params,
    };
  }

  /** The room's events with `afterSeq < seq` (and `seq < beforeSeq`), in order, at most `limit`. */
  async read<T>(
    roomId: string,
    afterSeq: number,
    { beforeSeq, limit }: { beforeSeq?: number; limit: number },
  ): Promise<Array<LoggedEvent<T>>> {
    const rows = await this.events.find({
      select: { seq: true, payload: true },
      where: {
        roomId,
        seq: beforeSeq === undefined ? MoreThan(afterSeq) : Between(afterSeq + 1, beforeSeq - 1),
      },
      order: { seq: 'ASC' },
      take: limit,
    });
    return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.payload) as T }));
  }

  /** Deletes the events recorded before `olderThan`; answers how many. */
  prune(olderThan: Date): Promise<number> {
    return this.transactions.run(
      async (manager) =>
        (await manager.delete(RoomEvent, { createdAt: LessThan(olderThan) })).affected ?? 0,
    );
  }
}
