import sqlite3 from 'sqlite3';
import type { DataSourceOptions } from 'typeorm';

/** The SQLite database file of these options; null for PostgreSQL or an in-memory database. */
export function sqliteFileOf(options: DataSourceOptions): string | null {
  if (options.type !== 'sqlite') return null;
  const { database } = options;
  return typeof database === 'string' && database !== ':memory:' ? database : null;
}

/**
 * Another connection to the app's database file (it exists: the app's connection has opened it
 * and run the migrations), with these PRAGMAs run first; closed again if one of them fails.
 */
export function openSqliteFile(
  file: string,
  pragmas: readonly string[] = [],
): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const connection = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => {
      if (error) return reject(error);
      if (pragmas.length === 0) return resolve(connection);
      connection.exec(pragmas.map((pragma) => `PRAGMA ${pragma};`).join(' '), (failed) => {
        if (!failed) return resolve(connection);
        connection.close(() => reject(failed));
      });
    });
  });
}

export function closeSqlite(connection: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => connection.close(() => resolve()));
}
