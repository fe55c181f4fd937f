import { domainException } from './domain.exception.js';
import { ErrorCode } from './error-code.enum.js';

export enum CommonError {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  RATE_LIMITED = 'RATE_LIMITED',
}

/** Cross-cutting failures: input validation, missing authentication, rate limits. */
export class CommonException extends domainException('CommonException', {
  [CommonError.VALIDATION_FAILED]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'The input is not valid',
  },
  [CommonError.UNAUTHENTICATED]: {
    code: ErrorCode.UNAUTHENTICATED,
    message: 'Authentication required: send Authorization: Bearer <accessToken>',
  },
  [CommonError.RATE_LIMITED]: {
    code: ErrorCode.TOO_MANY_REQUESTS,
    message: 'Too many requests, slow down',
  },
}) {}
