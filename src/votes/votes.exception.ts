import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum VotesError {
  INVALID_TRACK_URI = 'INVALID_TRACK_URI',
  TRACK_NOT_IN_ROOM = 'TRACK_NOT_IN_ROOM',
  NO_PLAYLIST_TRACKS = 'NO_PLAYLIST_TRACKS',
  EMPTY_QUERY = 'EMPTY_QUERY',
}

export class VotesException extends domainException('VotesException', {
  [VotesError.INVALID_TRACK_URI]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'trackUri must be spotify:track: followed by 22 letters or digits',
  },
  [VotesError.TRACK_NOT_IN_ROOM]: {
    code: ErrorCode.NOT_FOUND,
    message: 'This track is not in the room: add it or vote for it first',
  },
  [VotesError.NO_PLAYLIST_TRACKS]: {
    code: ErrorCode.NOT_FOUND,
    message: "No track found in the participants' own Spotify playlists",
  },
  [VotesError.EMPTY_QUERY]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'query must not be empty',
  },
}) {}
