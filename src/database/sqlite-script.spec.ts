import { describe, expect, it } from '@jest/globals';
import sqlite3 from 'sqlite3';
import { inlineSqliteParams } from './sqlite-script.js';

/** An in-memory database with one untyped column, and sqlite3's callbacks as promises. */
function open() {
  const db = new sqlite3.Database(':memory:');
  const call = <T>(method: 'run' | 'all' | 'exec', sql: string, params?: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const done = (error: Error | null, rows?: T) => (error ? reject(error) : resolve(rows as T));
      if (method === 'exec') db.exec(sql, done);
      else db[method](sql, params ?? [], done);
    });
  return { db, call };
}

describe('inlineSqliteParams', () => {
  const values: unknown[] = [
    "it's a ''quoted'' value; DROP TABLE t; --",
    'Motörhead 🤘 – "Ace" \\ of \u2660 /* not a comment */ ?',
    '',
    0,
    -1,
    2_147_483_647,
    2_147_483_648,
    1_765_000_000_000,
    -0.5,
    1e-7,
    true,
    false,
    null,
    12345678901234567890n,
    Buffer.from([0, 1, 255]),
  ];

  it('stores every value as sqlite3 binds it, with its type', async () => {
    const { db, call } = open();
    try {
      await call('exec', 'CREATE TABLE t (i INTEGER PRIMARY KEY, v)');
      const bindable = values.filter((value) => typeof value !== 'bigint');
      for (const [i, value] of bindable.entries()) {
        await call('run', 'INSERT INTO t (i, v) VALUES (?, ?)', [i, value]);
      }
      const bound = await call<unknown[]>('all', 'SELECT v, typeof(v) AS type FROM t ORDER BY i');
      await call('exec', 'DELETE FROM t');

      const script = bindable
        .map((value, i) =>
          inlineSqliteParams('INSERT INTO "t" ("i", "v") VALUES (?, ?)', [i, value]),
        )
        .join(';\n');
      await call('exec', script);
      const written = await call<unknown[]>('all', 'SELECT v, typeof(v) AS type FROM t ORDER BY i');

      expect(written).toEqual(bound);
      expect(written).toHaveLength(bindable.length);
    } finally {
      db.close();
    }
  });

  it('writes a bigint as the integer it is', async () => {
    const { db, call } = open();
    try {
      const [row] = await call<Array<{ v: string }>>(
        'all',
        `SELECT CAST(${inlineSqliteParams('?', [9007199254740993n])} AS TEXT) AS v`,
      );
      expect(row.v).toBe('9007199254740993');
    } finally {
      db.close();
    }
  });

  it('leaves quoted text and comments alone and fills the placeholders in order', () => {
    expect(
      inlineSqliteParams(`SELECT '?', "a?b", [c?], \`d?\` -- what?\n, /* why? */ ? , ?`, ["x'", 2]),
    ).toBe(`SELECT '?', "a?b", [c?], \`d?\` -- what?\n, /* why? */ 'x''' , 2`);
  });

  it.each([
    ['more placeholders than parameters', 'SELECT ?, ?', [1]],
    ['more parameters than placeholders', 'SELECT ?', [1, 2]],
    ['a numbered placeholder', 'SELECT ?1', [1]],
    ['a named placeholder', 'SELECT :name', [1]],
    ['an unterminated literal', "SELECT 'abc", []],
    ['a string with NUL', 'SELECT ?', ['a\0b']],
    ['a number that is not finite', 'SELECT ?', [Number.NaN]],
    ['undefined', 'SELECT ?', [undefined]],
    ['a Date (the dialect writes timestamps as text)', 'SELECT ?', [new Date()]],
    ['an object', 'SELECT ?', [{}]],
  ])('refuses %s', (_, sql, params) => {
    expect(() => inlineSqliteParams(sql, params)).toThrow(TypeError);
  });
});
