/** Every pub/sub channel name: scoped to one room, but for the instance-wide `userRevoked`. */
export const Channels = {
  /** Internal: a guest account was banned; every instance refuses its sessions from then on. */
  userRevoked: 'userRevoked',
  /** Internal: an account's profile changed (a Spotify login); instances drop their copy. */
  userUpdated: 'userUpdated',
  voteUpdated: (roomId: string) => `voteUpdated:${roomId}`,
  roomUpdated: (roomId: string) => `roomUpdated:${roomId}`,
  /** Internal: a participant left or was removed; their subscriptions to the room end. */
  participantRemoved: (roomId: string) => `participantRemoved:${roomId}`,
  playbackUpdated: (roomId: string) => `playbackUpdated:${roomId}`,
} as const;
