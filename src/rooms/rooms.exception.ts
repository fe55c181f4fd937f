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
  MODERATORS_ONLY = 'MODERATORS_ONLY',
  BANNED = 'BANNED',
  ROOM_LOCKED = 'ROOM_LOCKED',
  PARTICIPANT_NOT_FOUND = 'PARTICIPANT_NOT_FOUND',
  ROLE_NOT_ASSIGNABLE = 'ROLE_NOT_ASSIGNABLE',
  TARGET_IS_HOST = 'TARGET_IS_HOST',
  GUESTS_ONLY = 'GUESTS_ONLY',
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
  [RoomsError.MODERATORS_ONLY]: {
    code: ErrorCode.FORBIDDEN,
    message: 'Only the host or a co-host can do this',
  },
  [RoomsError.BANNED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'You were banned from this room',
  },
  [RoomsError.ROOM_LOCKED]: {
    code: ErrorCode.FORBIDDEN,
    message: 'The room is locked: no new guests may join',
  },
  [RoomsError.PARTICIPANT_NOT_FOUND]: {
    code: ErrorCode.NOT_FOUND,
    message: 'This user is not a participant of the room',
  },
  [RoomsError.ROLE_NOT_ASSIGNABLE]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'role must be CO_HOST or GUEST: a room has one host, who created it',
  },
  [RoomsError.TARGET_IS_HOST]: {
    code: ErrorCode.FORBIDDEN,
    message: 'The host cannot be removed and keeps their role',
  },
  [RoomsError.GUESTS_ONLY]: {
    code: ErrorCode.FORBIDDEN,
    message: 'A co-host can remove guests only, not the host or another co-host',
  },
}) {}
