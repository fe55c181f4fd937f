import { Logger } from '@nestjs/common';

/** Socket-level failures: the server did not answer, or the connection to it broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for "not now": class 08 (connection exception), 53 (insufficient
 * resources: too many connections, out of memory or disk), 57P01–57P03 (shut down by an
 * administrator or a crash, or starting up). https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const POSTGRES_STATES = /^(08...|53...|57P0[1-3])$/;

/** SQLite's result codes for a database that is there but cannot serve now. */
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CANTOPEN']);

/**
 * Messages of failures that carry no code: node-postgres' lost connection and pool timeout, a
 * database refusing connections (SQLSTATE 55000 is broader, so its message decides), and
 * ioredis' closed connection, offline queue and retry limit.
 */
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not currently accepting connections/,
  /^Client has encountered a connection error/,
  /^Connection is closed\.?$/,
  /^Stream isn't writeable/,
  /^Reached the max retries per request limit/,
];

/**
 * Whether `error` says the database or Redis cannot serve the request now (down, unreachable,
 * restarting, out of connections), rather than that the request or the code is wrong: then the
 * client may retry. Follows the causes TypeORM, pg, ioredis and GraphQL wrap errors in.
 */
export function isServiceUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, message, name } = current as {
      code?: unknown;
      message?: unknown;
      name?: unknown;
    };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code) || SQLITE_CODES.has(code)) {
        return true;
      }
    }
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) {
      return true;
    }
    const wrapped = current as {
      driverError?: unknown;
      cause?: unknown;
      originalError?: unknown;
      errors?: unknown;
    };
    pending.push(wrapped.driverError, wrapped.cause, wrapped.originalError);
    if (Array.isArray(wrapped.errors)) pending.push(...(wrapped.errors as unknown[]));
  }
  return false;
}

/** Failures further apart than this belong to two outages. */
const OUTAGE_GAP_MS = 10_000;

/**
 * One log line per outage, not one per failure: the first failure is logged with its cause and
 * what it means (`consequence`); those that follow within OUTAGE_GAP_MS of the one before are
 * the same outage.
 */
export class OutageLog {
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: Pick<Logger, 'error'>,
    private readonly consequence: string,
    private readonly now: () => number = Date.now,
  ) {}

  noted(error: unknown): void {
    const now = this.now();
    const ongoing = now - this.lastAt < OUTAGE_GAP_MS;
    this.lastAt = now;
    if (ongoing) return;
    const cause = error instanceof Error ? error.message : String(error);
    this.logger.error(`${this.consequence} (${cause})`);
  }
}
