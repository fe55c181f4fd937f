import { ErrorCode } from './error-code.enum.js';

/**
 * Base of every module's typed exception. `code` is the contract's `extensions.code`; `reason` is
 * the module's own, finer-grained code (e.g. ROOM_NOT_FOUND), sent as `extensions.reason`.
 */
export abstract class DomainException extends Error {
  protected constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Builds a module's exception class from a table of its reasons. */
export function domainException<R extends string>(
  name: string,
  table: Record<R, { code: ErrorCode; message: string }>,
) {
  const Exception = class extends DomainException {
    constructor(reason: R, message?: string, extensions: Record<string, unknown> = {}) {
      super(table[reason].code, reason, message ?? table[reason].message, extensions);
    }
  };
  Object.defineProperty(Exception, 'name', { value: name });
  return Exception;
}
