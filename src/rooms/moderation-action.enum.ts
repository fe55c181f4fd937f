/** What a host or co-host did, as kept in the room's audit trail. */
export enum ModerationActionType {
  ROLE_CHANGED = 'ROLE_CHANGED',
  PARTICIPANT_REMOVED = 'PARTICIPANT_REMOVED',
  PARTICIPANT_BANNED = 'PARTICIPANT_BANNED',
  TRACK_REMOVED = 'TRACK_REMOVED',
  ROOM_LOCKED = 'ROOM_LOCKED',
  ROOM_UNLOCKED = 'ROOM_UNLOCKED',
}
