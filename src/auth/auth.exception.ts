import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum AuthError {
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  STATE_INVALID = 'STATE_INVALID',
  CONSENT_REFUSED = 'CONSENT_REFUSED',
  CODE_REJECTED = 'CODE_REJECTED',
  REDIRECT_NOT_ALLOWED = 'REDIRECT_NOT_ALLOWED',
  BANNED = 'BANNED',
}

export class AuthException extends domainException('AuthException', {
  [AuthError.TOKEN_MISSING]: {
    code: ErrorCode.UNAUTHENTICATED,
    message: 'Authentication required: send Authorization: Bearer <accessToken>',
  },
  [AuthError.TOKEN_INVALID]: {
    code: ErrorCode.UNAUTHENTICATED,
    message: 'The access token is malformed or its signature is wrong',
  },
  [AuthError.TOKEN_EXPIRED]: {
    code: ErrorCode.UNAUTHENTICATED,
    message: 'The access token has expired: log in or join again',
  },
  [AuthError.STATE_INVALID]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'The login state is unknown, expired, already used or from another browser',
  },
  [AuthError.CONSENT_REFUSED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'Spotify login was refused',
  },
  [AuthError.CODE_REJECTED]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'Spotify rejected the authorization code (expired or already used): log in again',
  },
  [AuthError.REDIRECT_NOT_ALLOWED]: {
    code: ErrorCode.BAD_USER_INPUT,
    message:
      'The redirect URL is neither on this server nor on an allowed frontend origin (FRONTEND_ORIGINS)',
  },
  [AuthError.BANNED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'This guest was banned from its room: the session no longer works',
  },
}) {}
