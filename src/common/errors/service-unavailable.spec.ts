import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { QueryFailedError } from 'typeorm';
import { toClientError } from './client-error.js';
import { ErrorCode } from './error-code.enum.js';
import { isServiceUnavailable, OutageLog } from './service-unavailable.js';

Logger.overrideLogger(false);

/** A local port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What the driver rejects `promise` with. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('isServiceUnavailable', () => {
  it('knows the drivers’ own errors for a database or Redis that cannot serve now', async () => {
    const port = await closedPort();
    const postgres = new pg.Client({ host: '127.0.0.1', port, user: 'x', database: 'x' });
    const refusedByPostgres = await rejectionOf(postgres.connect());
    const redis = new Redis({
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const refusedByRedis = await rejectionOf(redis.connect());
    // A command while disconnected, as the app's command clients send them (no offline queue).
    const offline = await rejectionOf(redis.get('key'));
    redis.disconnect();
    // SQLite: another connection holds the write lock and this one does not wait.
    const file = join(mkdtempSync(join(tmpdir(), 'busy-')), 'db.sqlite');
    const holder = new sqlite3.Database(file);
    const waiter = new sqlite3.Database(file);
    const exec = (db: sqlite3.Database, sql: string) =>
      new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
    await exec(holder, 'CREATE TABLE t (x INTEGER); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)');
    const busy = await rejectionOf(exec(waiter, 'INSERT INTO t VALUES (2)'));
    holder.close();
    waiter.close();

    for (const error of [refusedByPostgres, refusedByRedis, offline, busy]) {
      expect(isServiceUnavailable(error)).toBe(true);
      // As TypeORM and graphql-js wrap them.
      const query = new QueryFailedError('SELECT 1', [], error as Error);
      expect(isServiceUnavailable(new GraphQLError('x', { originalError: query }))).toBe(true);
    }
    const terminated = Object.assign(new Error('terminating connection'), { code: '57P01' });
    const closed = Object.assign(new Error('database "x" is not currently accepting connections'), {
      code: '55000',
    });
    expect(isServiceUnavailable(terminated)).toBe(true);
    expect(isServiceUnavailable(closed)).toBe(true);
    expect(isServiceUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves the request’s and the code’s own faults alone', () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    const other = Object.assign(new Error('wrong state'), { code: '55000' });
    const constraint = Object.assign(new Error('SQLITE_CONSTRAINT: UNIQUE'), {
      code: 'SQLITE_CONSTRAINT',
    });
    for (const error of [unique, other, constraint, new TypeError('x is undefined'), null]) {
      expect(isServiceUnavailable(error)).toBe(false);
    }
    expect(toClientError(unique).code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it('becomes SERVICE_UNAVAILABLE: 503, retryable, no driver message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(toClientError(new QueryFailedError('SELECT 1', [], refused))).toEqual({
      code: ErrorCode.SERVICE_UNAVAILABLE,
      status: 503,
      message: 'The service is unavailable for a moment: retry',
      extensions: { retryable: true },
    });
  });
});

describe('OutageLog', () => {
  it('logs the first failure of an outage, not the ones that follow it', () => {
    let now = 0;
    const error = jest.fn();
    const sut = new OutageLog({ error }, 'Down', () => now);
    for (; now < 4000; now += 25) sut.noted(new Error('connect ECONNREFUSED'));
    expect(error).toHaveBeenCalledTimes(1);
    // A failure long after the last one is another outage.
    now += 60_000;
    sut.noted(new Error('Connection terminated unexpectedly'));
    expect(error).toHaveBeenCalledTimes(2);
    expect(error.mock.calls[1][0]).toContain('Connection terminated');
  });
});
