import { domainException } from './domain.exception.js';
import { ErrorCode } from './error-code.enum.js';

export enum CommonError {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  RATE_LIMITED = 'RATE_LIMITED',
}

/** Cross-cutting failures: input validation and rate limits. */
export class CommonException extends domainException('CommonException', {
  [CommonError.VALIDATION_FAILED]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'The input is not valid',
  },
  [CommonError.RATE_LIMITED]: {
    code: ErrorCode.TOO_MANY_REQUESTS,
    message: 'Too many requests, slow down',
  },
}) {}
