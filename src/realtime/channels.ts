/** Every pub/sub channel name, scoped to one room. */
export const Channels = {
  voteUpdated: (roomId: string) => `voteUpdated:${roomId}`,
  roomUpdated: (roomId: string) => `roomUpdated:${roomId}`,
  playbackUpdated: (roomId: string) => `playbackUpdated:${roomId}`,
} as const;
