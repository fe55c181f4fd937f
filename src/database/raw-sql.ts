import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { SqlDialect } from './sql-dialect.js';
import { SqliteConnections } from './sqlite-connections.js';

/** A pg client (a transaction's), not the pool: the pool has `totalCount`. */
function isClient(connection: PgConnection): boolean {
  return !('totalCount' in connection);
}

/** sqlite3's callback: `this.changes` after a run, the rows after an all. */
type Done = (this: { changes: number }, error: Error | null, rows?: unknown[]) => void;

/** A sqlite3 prepared statement: runs again and again with new parameters, in call order. */
interface SqliteStatement {
  all(params: unknown[], done: Done): void;
  run(params: unknown[], done: Done): void;
  finalize(done?: () => void): void;
}

/** The two driver connections a transaction's query runner holds (sqlite3 and pg). */
interface SqliteConnection {
  all(sql: string, params: unknown[], done: Done): void;
  run(sql: string, params: unknown[], done: Done): void;
  prepare(sql: string, done: (error: Error | null) => void): SqliteStatement;
}

/** A write statement and its parameters, to be sent with others (RawSql.writeAll). */
export interface SqlWrite {
  sql: string;
  params: unknown[];
}

/** Prepared statements kept per SQLite connection (the vote batch's shapes, by batch size). */
const MAX_STATEMENTS = 512;
/** A pg query: with a name, prepared once per connection and then only bound and executed. */
interface PgQuery {
  name?: string;
  text: string;
  values: unknown[];
}
interface PgConnection {
  query(query: PgQuery): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/**
 * PostgreSQL statements prepared by name, at most this many texts (each connection prepares a
 * text the first time it runs it, and keeps it while it lives). The hot path's statements have
 * one text each whatever their number of items (SqlDialect.arrays); texts past the limit run
 * unnamed, parsed and planned at every call, as before.
 */
const MAX_PG_NAMES = 256;

/**
 * Hand-written statements on the hot path (a vote's, a room's read), sent straight to the driver:
 * to the connection of the caller's transaction, or outside one to the pool (PostgreSQL). TypeORM's query runner adds an async broadcast, logging and result
 * wrapping to each statement, which cost more than the statement itself on SQLite. Statements use
 * `?` placeholders (SqlDialect converts them); rows come back as the driver gives them, and
 * `hydrate` turns one into an entity the way TypeORM would. One per app (DatabaseModule): it
 * keeps the order of the statements sent on each PostgreSQL connection.
 */
@Injectable()
export class RawSql implements OnModuleDestroy {
  private readonly sqlite: boolean;
  /** Per PostgreSQL connection, the last statement sent: the next one waits for it (below). */
  private readonly lastSent = new WeakMap<PgConnection, Promise<unknown>>();
  /**
   * SQLite statements by their text, prepared once per connection. sqlite3's `all`/`run` prepare
   * a statement anew at every call, a round trip to its thread pool of its own before the one
   * that runs it, and each round trip waits for a turn of a busy event loop. Finalized when
   * evicted and at shutdown (a connection does not close while one is left).
   */
  private readonly statements = new Map<SqliteConnection, LRUCache<string, SqliteStatement>>();
  /** PostgreSQL: the name of each statement text prepared by name. */
  private readonly pgNames = new Map<string, string>();
  private closing = false;

  constructor(
    private readonly dialect: SqlDialect,
    @Optional() @Inject(SqliteConnections) private readonly connections?: SqliteConnections | null,
  ) {
    this.sqlite = dialect.sql('?') === '?';
  }

  onModuleDestroy(): void {
    this.closing = true;
    for (const cache of this.statements.values()) cache.clear();
    this.statements.clear();
  }

  /** The statement's rows (for SELECT, and for INSERT/UPDATE … RETURNING). */
  rows<T = Record<string, unknown>>(
    manager: EntityManager,
    statement: string,
    params: unknown[],
  ): Promise<T[]> {
    const sql = this.dialect.sql(statement);
    if (!this.sqlite) {
      return this.pg(this.pgConnectionOf(manager), sql, params).then(
        (result) => result.rows as T[],
      );
    }
    return this.onSqlite(manager, sql, (connection) => {
      return new Promise((resolve, reject) => {
        const done: Done = (error, rows) => (error ? reject(error) : resolve((rows ?? []) as T[]));
        const prepared = this.statements.get(connection)?.get(sql);
        if (prepared) prepared.all(params, done);
        else this.sqliteFirst(connection, 'all', sql, params, done);
      });
    });
  }

  /** Runs an INSERT, UPDATE or DELETE; answers how many rows it changed. */
  run(manager: EntityManager, statement: string, params: unknown[]): Promise<number> {
    const sql = this.dialect.sql(statement);
    if (!this.sqlite) {
      return this.pg(this.pgConnectionOf(manager), sql, params).then(
        (result) => result.rowCount ?? 0,
      );
    }
    return this.onSqlite(manager, sql, (connection) => {
      return new Promise((resolve, reject) => {
        const done: Done = function (error) {
          if (error) reject(error);
          else resolve(this.changes);
        };
        const prepared = this.statements.get(connection)?.get(sql);
        if (prepared) prepared.run(params, done);
        else this.sqliteFirst(connection, 'run', sql, params, done);
      });
    });
  }

  /**
   * Independent INSERTs, UPDATEs and DELETEs (no two touching one row), all done when this
   * settles. SQLite runs them side by side, each on its prepared statement; PostgreSQL gets one
   * statement of data-modifying CTEs (`WITH "w1" AS (…), "w2" AS (…) SELECT 1`), one round trip
   * where a client would otherwise send them one after the other. Every one has settled before
   * a failure is thrown, so none can run after the caller's ROLLBACK.
   */
  async writeAll(manager: EntityManager, writes: readonly SqlWrite[]): Promise<void> {
    if (writes.length === 0) return;
    if (!this.sqlite && writes.length > 1) {
      await this.run(
        manager,
        `WITH ${writes.map((write, i) => `"w${i + 1}" AS (${write.sql})`).join(', ')} SELECT 1`,
        writes.flatMap((write) => write.params),
      );
      return;
    }
    const settled = await Promise.allSettled(
      writes.map((write) => this.run(manager, write.sql, write.params)),
    );
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
    }
  }

  /**
   * A statement not prepared yet runs as sqlite3 runs any (its errors as they are); once it has
   * succeeded it is prepared for the next calls.
   */
  private sqliteFirst(
    connection: SqliteConnection,
    method: 'all' | 'run',
    sql: string,
    params: unknown[],
    done: Done,
  ): void {
    const keep = () => {
      if (this.closing) return;
      let cache = this.statements.get(connection);
      if (!cache) {
        cache = new LRUCache<string, SqliteStatement>({
          max: MAX_STATEMENTS,
          dispose: (statement) => statement.finalize(),
        });
        this.statements.set(connection, cache);
      }
      if (cache.has(sql)) return;
      const statement = connection.prepare(sql, (error) => {
        if (error && cache.peek(sql) === statement) cache.delete(sql);
      });
      cache.set(sql, statement);
    };
    connection[method](sql, params, function (error, rows) {
      if (!error) keep();
      done.call(this, error, rows);
    });
  }

  /** One row of `target`'s table (columns by their database names) as TypeORM hydrates it. */
  hydrate<T extends ObjectLiteral>(
    manager: EntityManager,
    target: EntityTarget<T>,
    row: Record<string, unknown>,
  ): T {
    const metadata = manager.connection.getMetadata(target);
    const driver = manager.connection.driver;
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      const value = row[column.databaseName];
      if (value === undefined) continue;
      (entity as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(
        value,
        column,
      );
    }
    return entity;
  }

  /**
   * Sends the statement once the connection's previous one (sent through here) has finished:
   * statements may be sent together (a SQLite connection queues them itself), but pg deprecates
   * a query sent while its client is busy. The pool has no such limit.
   */
  private pg(
    connection: PgConnection,
    sql: string,
    params: unknown[],
  ): Promise<{ rows: unknown[]; rowCount: number | null }> {
    const query: PgQuery = { name: this.pgNameOf(sql), text: sql, values: params };
    if (!isClient(connection)) return connection.query(query);
    const previous = this.lastSent.get(connection);
    const send = () => connection.query(query);
    const sent = previous ? previous.then(send, send) : send();
    this.lastSent.set(
      connection,
      sent.catch(() => undefined),
    );
    return sent;
  }

  /** The statement's name for pg (prepared once per connection), while there are names left. */
  private pgNameOf(sql: string): string | undefined {
    let name = this.pgNames.get(sql);
    if (name === undefined && this.pgNames.size < MAX_PG_NAMES) {
      name = `raw_sql_${this.pgNames.size + 1}`;
      this.pgNames.set(sql, name);
    }
    return name;
  }

  /**
   * Runs a SQLite statement where it belongs (SqliteConnections): in the caller's transaction on
   * the app's connection; outside one, a read on the read-only connection, a write in its turn.
   */
  private onSqlite<T>(
    manager: EntityManager,
    sql: string,
    send: (connection: SqliteConnection) => Promise<T>,
  ): Promise<T> {
    const connections = this.connections;
    if (!connections) throw new Error('The SQLite connections are not installed');
    const writer = connections.writer as unknown as SqliteConnection;
    if (connections.holdsLock(manager)) return send(writer);
    if (connections.reader && /^\s*select\b/i.test(sql)) {
      return send(connections.reader);
    }
    return connections.lock.run(() => send(writer));
  }

  /** The caller's transaction's client, or outside one the pool. */
  private pgConnectionOf(manager: EntityManager): PgConnection {
    const runner = manager.queryRunner as
      { databaseConnection?: PgConnection; isTransactionActive: boolean } | undefined;
    const driver = manager.connection.driver as unknown as { master?: PgConnection };
    const connection = runner?.isTransactionActive ? runner.databaseConnection : driver.master;
    if (!connection) throw new Error('The database is not connected');
    return connection;
  }
}
