import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum TracksError {
  TRACK_NOT_IN_ROOM = 'TRACK_NOT_IN_ROOM',
  NO_PLAYLIST_TRACKS = 'NO_PLAYLIST_TRACKS',
  TRACK_REMOVED = 'TRACK_REMOVED',
  QUEUE_LIMIT = 'QUEUE_LIMIT',
  EXPLICIT = 'EXPLICIT',
  TOO_LONG = 'TOO_LONG',
  ARTIST_LIMIT = 'ARTIST_LIMIT',
}

export class TracksException extends domainException('TracksException', {
  [TracksError.TRACK_NOT_IN_ROOM]: {
    code: ErrorCode.NOT_FOUND,
    message: 'This track is not in the room: add it or vote for it first',
  },
  [TracksError.NO_PLAYLIST_TRACKS]: {
    code: ErrorCode.NOT_FOUND,
    message: "No track found in the participants' own Spotify playlists",
  },
  [TracksError.TRACK_REMOVED]: {
    code: ErrorCode.CONFLICT,
    message: 'This track was removed from the room: it cannot be added or voted on again',
  },
  [TracksError.QUEUE_LIMIT]: {
    code: ErrorCode.CONFLICT,
    message:
      'You already have as many tracks waiting as the room allows (maxQueuedPerParticipant): wait until one plays',
  },
  [TracksError.EXPLICIT]: {
    code: ErrorCode.CONFLICT,
    message: 'This track is marked explicit, and the host keeps explicit tracks out of this party',
  },
  [TracksError.TOO_LONG]: {
    code: ErrorCode.CONFLICT,
    message: 'This track is longer than the host allows in this party',
  },
  [TracksError.ARTIST_LIMIT]: {
    code: ErrorCode.CONFLICT,
    message:
      'This artist already has as many tracks waiting to play as the host allows: pick another artist, or wait until one plays',
  },
}) {}
