import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum RoomsError {
  ROOM_NOT_FOUND = 'ROOM_NOT_FOUND',
  NOT_A_PARTICIPANT = 'NOT_A_PARTICIPANT',
  HOST_ONLY = 'HOST_ONLY',
  ROOM_CLOSED = 'ROOM_CLOSED',
  HOST_CANNOT_LEAVE = 'HOST_CANNOT_LEAVE',
  SPOTIFY_ACCOUNT_REQUIRED = 'SPOTIFY_ACCOUNT_REQUIRED',
  GUEST_WRONG_ROOM = 'GUEST_WRONG_ROOM',
  CODE_SPACE_EXHAUSTED = 'CODE_SPACE_EXHAUSTED',
}

export class RoomsException extends domainException('RoomsException', {
  [RoomsError.ROOM_NOT_FOUND]: { code: ErrorCode.NOT_FOUND, message: 'No room has this code' },
  [RoomsError.NOT_A_PARTICIPANT]: {
    code: ErrorCode.FORBIDDEN,
    message: 'Only participants of this room can do this: join it first',
  },
  [RoomsError.HOST_ONLY]: { code: ErrorCode.FORBIDDEN, message: 'Only the host can do this' },
  [RoomsError.ROOM_CLOSED]: {
    code: ErrorCode.CONFLICT,
    message: 'The room is closed: no more joins, votes or tracks',
  },
  [RoomsError.HOST_CANNOT_LEAVE]: {
    code: ErrorCode.CONFLICT,
    message: 'The host cannot leave the room; close it instead',
  },
  [RoomsError.SPOTIFY_ACCOUNT_REQUIRED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'This needs a Spotify login; guest sessions cannot do it',
  },
  [RoomsError.GUEST_WRONG_ROOM]: {
    code: ErrorCode.FORBIDDEN,
    message: 'A guest session is valid only for the room it joined',
  },
  [RoomsError.CODE_SPACE_EXHAUSTED]: {
    code: ErrorCode.CONFLICT,
    message: 'Could not find a free room code, try again',
  },
}) {}
