import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum UsersError {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
}

export class UsersException extends domainException('UsersException', {
  [UsersError.USER_NOT_FOUND]: {
    code: ErrorCode.UNAUTHENTICATED,
    message: 'The account behind this token no longer exists: log in again',
  },
}) {}
