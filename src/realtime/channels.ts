/** Every pub/sub channel name, scoped to one room. */
export const Channels = {
  voteUpdated: (roomId: string) => `voteUpdated:${roomId}`,
  roomUpdated: (roomId: string) => `roomUpdated:${roomId}`,
  /** Internal: a participant left or was removed; their subscriptions to the room end. */
  participantRemoved: (roomId: string) => `participantRemoved:${roomId}`,
  playbackUpdated: (roomId: string) => `playbackUpdated:${roomId}`,
} as const;
