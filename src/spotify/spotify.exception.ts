import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum SpotifyError {
  NOT_LINKED = 'NOT_LINKED',
  REAUTH_REQUIRED = 'REAUTH_REQUIRED',
  /** Another user's Spotify account (the room host's) cannot be used right now. */
  ACCOUNT_UNAVAILABLE = 'ACCOUNT_UNAVAILABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  UNAVAILABLE = 'UNAVAILABLE',
  PREMIUM_REQUIRED = 'PREMIUM_REQUIRED',
  NO_ACTIVE_DEVICE = 'NO_ACTIVE_DEVICE',
  DEVICE_NOT_FOUND = 'DEVICE_NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_REQUEST = 'BAD_REQUEST',
  INVALID_GRANT = 'INVALID_GRANT',
  /** The stored login predates a scope a feature needs (e.g. playlist-modify-private). */
  SCOPE_MISSING = 'SCOPE_MISSING',
}

/** Everything that can go wrong talking to Spotify, mapped to the API contract's codes. */
export class SpotifyException extends domainException('SpotifyException', {
  [SpotifyError.NOT_LINKED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'This user has no Spotify account',
  },
  [SpotifyError.ACCOUNT_UNAVAILABLE]: {
    code: ErrorCode.SPOTIFY_UNAVAILABLE,
    message: "The room host's Spotify login has expired or is missing: the host must log in again",
  },
  [SpotifyError.REAUTH_REQUIRED]: {
    code: ErrorCode.UNAUTHENTICATED,
    message: 'Spotify access has expired or was revoked: log in with Spotify again',
  },
  [SpotifyError.RATE_LIMITED]: {
    code: ErrorCode.TOO_MANY_REQUESTS,
    message: 'Spotify is rate limiting this app: try again later',
  },
  [SpotifyError.QUOTA_EXCEEDED]: {
    code: ErrorCode.TOO_MANY_REQUESTS,
    message: "This app's Spotify quota is used up: try again later",
  },
  [SpotifyError.UNAVAILABLE]: {
    code: ErrorCode.SPOTIFY_UNAVAILABLE,
    message: 'Spotify is not answering right now: try again in a moment',
  },
  [SpotifyError.PREMIUM_REQUIRED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'Controlling playback needs a Spotify Premium account',
  },
  [SpotifyError.NO_ACTIVE_DEVICE]: {
    code: ErrorCode.CONFLICT,
    message: 'No active Spotify device: open Spotify on a device and start playing something',
  },
  [SpotifyError.DEVICE_NOT_FOUND]: {
    code: ErrorCode.CONFLICT,
    message: 'That Spotify device is not available any more',
  },
  [SpotifyError.FORBIDDEN]: {
    code: ErrorCode.FORBIDDEN,
    message: 'Spotify refused the request',
  },
  [SpotifyError.NOT_FOUND]: {
    code: ErrorCode.NOT_FOUND,
    message: 'Spotify has no such item',
  },
  [SpotifyError.BAD_REQUEST]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'Spotify rejected the request',
  },
  [SpotifyError.INVALID_GRANT]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'The Spotify authorization code is invalid, expired or already used: log in again',
  },
  [SpotifyError.SCOPE_MISSING]: {
    code: ErrorCode.FORBIDDEN,
    message:
      'Your Spotify login does not allow this yet: log in with Spotify again to grant the permission',
  },
}) {}

/**
 * Runs a Spotify call made with someone else's account (the room host's) for `callerId`. That
 * account needing a new login is not the caller's authentication problem: a client told
 * UNAUTHENTICATED would drop its own, valid session.
 */
export async function onBehalfOf<T>(
  callerId: string,
  accountUserId: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const borrowed = accountUserId !== callerId;
    const accountProblem =
      error instanceof SpotifyException &&
      (error.reason === (SpotifyError.REAUTH_REQUIRED as string) ||
        error.reason === (SpotifyError.NOT_LINKED as string));
    if (borrowed && accountProblem) {
      throw new SpotifyException(SpotifyError.ACCOUNT_UNAVAILABLE);
    }
    throw error;
  }
}
