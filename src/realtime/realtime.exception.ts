import { domainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export enum RealtimeError {
  HISTORY_EXPIRED = 'HISTORY_EXPIRED',
  AFTER_SEQ_OUT_OF_RANGE = 'AFTER_SEQ_OUT_OF_RANGE',
}

export class RealtimeException extends domainException('RealtimeException', {
  [RealtimeError.HISTORY_EXPIRED]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: 'The updates after afterSeq are no longer kept: read the room again, then subscribe',
  },
  [RealtimeError.AFTER_SEQ_OUT_OF_RANGE]: {
    code: ErrorCode.BAD_USER_INPUT,
    message: "afterSeq must be between 0 and the room's latest seq",
  },
}) {}
