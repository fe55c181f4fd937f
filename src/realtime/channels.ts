/** Every pub/sub channel name: scoped to one room, but for the instance-wide `userRevoked`. */
export const Channels = {
  voteUpdated: (roomId: string) => `voteUpdated:${roomId}`,
  roomUpdated: (roomId: string) => `roomUpdated:${roomId}`,
  /** Internal: a participant left or was removed; their subscriptions to the room end. */
  participantRemoved: (roomId: string) => `participantRemoved:${roomId}`,
  /** Internal: a guest account was banned; every instance refuses its sessions from then on. */
  userRevoked: 'userRevoked',
} as const;
