import type { EntityManager } from 'typeorm';

/**
 * The little that differs between SQLite and PostgreSQL in hand-written SQL: placeholders,
 * booleans and the current timestamp (SQLite's own default has whole seconds only).
 */
export interface SqlDialect {
  now: string;
  bool(value: boolean): boolean | number;
  /** A timestamp column as the driver returns it, as a Date. */
  date(value: unknown): Date;
  run(manager: EntityManager, sql: string, params: unknown[]): Promise<{ affected: number }>;
  rows<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]>;
  /** An INSERT/UPDATE … RETURNING: the returned rows. */
  returning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]>;
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function structured(manager: EntityManager, sql: string, params: unknown[]) {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('Hand-written SQL runs inside a transaction');
  return runner.query(sql, params, true) as Promise<{ records: unknown[]; affected?: number }>;
}

const sqlite: SqlDialect = {
  now: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
  bool: (value) => (value ? 1 : 0),
  // Stored as UTC text without a zone, as TypeORM writes it.
  date: (value) =>
    value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`),
  run: async (manager, sql, params) => ({
    affected: (await structured(manager, sql, params)).affected ?? 0,
  }),
  rows: async <T>(manager: EntityManager, sql: string, params: unknown[]) =>
    (await structured(manager, sql, params)).records as T[],
  // TypeORM's SQLite runner executes statements that start with INSERT/UPDATE without fetching
  // rows; led by a comment, the statement is run as a query and its RETURNING rows come back.
  returning: async <T>(manager: EntityManager, sql: string, params: unknown[]) =>
    (await structured(manager, `/* returning */ ${sql}`, params)).records as T[],
};

const postgres: SqlDialect = {
  now: 'now()',
  bool: (value) => value,
  date: (value) => (value instanceof Date ? value : new Date(String(value))),
  run: async (manager, sql, params) => ({
    affected: (await structured(manager, numbered(sql), params)).affected ?? 0,
  }),
  rows: async <T>(manager: EntityManager, sql: string, params: unknown[]) =>
    (await structured(manager, numbered(sql), params)).records as T[],
  returning: async <T>(manager: EntityManager, sql: string, params: unknown[]) =>
    (await structured(manager, numbered(sql), params)).records as T[],
};

export function sqlFor(kind: 'sqlite' | 'postgres'): SqlDialect {
  return kind === 'postgres' ? postgres : sqlite;
}
