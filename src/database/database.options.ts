import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { DataSourceOptions, LoggerOptions } from 'typeorm';
import { entities } from './entities.js';
import { TypeOrmLogger } from './typeorm.logger.js';
import { postgresMigrations } from './migrations/postgres/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(databaseUrl: string | undefined): DatabaseKind {
  return databaseUrl && /^postgres(ql)?:/.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/**
 * The one options builder behind both the app (TypeOrmModule) and the CLI (ormconfig.ts).
 * Unset → SQLite file in the data folder; `sqlite:<path>` / `sqlite::memory:`; `postgres://…`.
 * Migrations create the schema at boot; `synchronize` is never used.
 */
export function buildDataSourceOptions(
  databaseUrl: string | undefined,
  dataDir = './data',
): DataSourceOptions {
  const common = {
    entities,
    synchronize: false,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    logging: ['error', 'warn', 'migration'] as LoggerOptions,
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 1000,
  };
  if (databaseKind(databaseUrl) === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: databaseUrl,
      migrations: postgresMigrations,
      uuidExtension: 'pgcrypto',
      // synchronous_commit=off: a COMMIT returns once PostgreSQL has the transaction, without
      // waiting for its WAL to reach the disk. The same trade as SQLite's synchronous=NORMAL
      // (TransactionRunner): nothing is lost when the app crashes, and a crash of the database
      // server or of the machine can lose the last fraction of a second of commits (at most
      // three wal_writer_delay), never consistency. A vote batch commits ~300 times a second
      // under 16 connections and each waited for a flush. `options` in DATABASE_URL overrides it
      // (`?options=-c%20synchronous_commit%3Don`): pg takes the URL's parameters over these.
      extra: { max: 20, connectionTimeoutMillis: 5000, options: '-c synchronous_commit=off' },
    };
  }
  const path = databaseUrl ? databaseUrl.replace(/^sqlite:/, '') : join(dataDir, 'party.sqlite');
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    database: path,
    // TypeORM calls driver.verbose(), which makes sqlite3 capture a stack trace on every call
    // (about a tenth of a vote's CPU time); hand it the plain module instead.
    driver: { ...sqlite3, verbose: () => sqlite3 },
    migrations: sqliteMigrations,
    enableWAL: !memory,
    busyTimeout: 10_000,
  };
}
