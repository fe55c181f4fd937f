import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum PlaybackError {
  NOTHING_PLAYING = 'NOTHING_PLAYING',
  NOTHING_PLAYED = 'NOTHING_PLAYED',
  FALLBACK_PLAYLIST_UNREADABLE = 'FALLBACK_PLAYLIST_UNREADABLE',
}

export class PlaybackException extends domainException('PlaybackException', {
  [PlaybackError.NOTHING_PLAYING]: {
    code: ErrorCode.CONFLICT,
    message: 'No party track is playing: there is nothing to skip',
  },
  [PlaybackError.NOTHING_PLAYED]: {
    code: ErrorCode.CONFLICT,
    message: 'No track has played in this room yet: there is nothing to export',
  },
  [PlaybackError.FALLBACK_PLAYLIST_UNREADABLE]: {
    code: ErrorCode.BAD_USER_INPUT,
    message:
      "The fallback playlist cannot be read with the host's Spotify account: pick one of the host's own playlists",
  },
}) {}
