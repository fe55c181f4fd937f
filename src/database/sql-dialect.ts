import type { DataSourceOptions } from 'typeorm';

/**
 * The little that differs between SQLite and PostgreSQL in hand-written SQL: placeholders,
 * booleans and timestamps. Provided by DatabaseModule, chosen from the DataSource's options.
 * Statements are written with `?` placeholders and bound with these conversions.
 */
export abstract class SqlDialect {
  /**
   * PostgreSQL: the hot path's statements take a list as one array parameter (`= ANY(?)`,
   * `unnest(?)`) instead of a placeholder per item, so that their text does not depend on how
   * many items there are, and RawSql keeps them prepared (parsed and planned once per
   * connection). SQLite prepares each text once anyway (RawSql).
   */
  abstract readonly arrays: boolean;
  /** The statement with `?` placeholders in the driver's own syntax. */
  abstract sql(statement: string): string;
  /**
   * `expression IN (…values)` and its parameters; on PostgreSQL `expression = ANY(?::type[])` with
   * one array parameter (`type` a PostgreSQL type), a text that does not depend on the count.
   */
  abstract inList(
    expression: string,
    values: readonly unknown[],
    type: string,
  ): { sql: string; params: unknown[] };
  abstract bool(value: boolean): boolean | number;
  /** A timestamp parameter, stored as TypeORM stores (and reads back) a Date column. */
  abstract timestamp(value: Date): Date | string;
}

class SqliteDialect extends SqlDialect {
  readonly arrays = false;
  sql(statement: string): string {
    return statement;
  }
  inList(expression: string, values: readonly unknown[]): { sql: string; params: unknown[] } {
    return { sql: `${expression} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
  }
  bool(value: boolean): number {
    return value ? 1 : 0;
  }
  // UTC text without a zone, with milliseconds: "2026-11-29 19:30:15.123".
  timestamp(value: Date): string {
    return value.toISOString().replace('T', ' ').replace('Z', '');
  }
}

class PostgresDialect extends SqlDialect {
  readonly arrays = true;
  sql(statement: string): string {
    let n = 0;
    return statement.replace(/\?/g, () => `$${++n}`);
  }
  inList(
    expression: string,
    values: readonly unknown[],
    type: string,
  ): { sql: string; params: unknown[] } {
    return { sql: `${expression} = ANY(?::${type}[])`, params: [values] };
  }
  bool(value: boolean): boolean {
    return value;
  }
  timestamp(value: Date): Date {
    return value;
  }
}

export function sqlDialectFor(type: DataSourceOptions['type']): SqlDialect {
  // The two drivers buildDataSourceOptions can choose.
  if (type === 'postgres') return new PostgresDialect();
  if (type === 'sqlite') return new SqliteDialect();
  throw new Error(`No SQL dialect for the ${type} driver`);
}
