import type { Room } from './room.entity.js';

/**
 * The like threshold likeShare gives for this many active participants:
 * max(1, ceil(likeShare × active)). The epsilon keeps a product such as 0.1 × 30 =
 * 3.0000000000000004 from rounding up to 4.
 */
export function crowdLikeThreshold(likeShare: number, activeParticipants: number): number {
  return Math.max(1, Math.ceil(likeShare * activeParticipants - 1e-9));
}

/** The threshold in force: the crowd's while likeShare is set, the room's likeThreshold else. */
export function likeThresholdInForce(
  room: Pick<Room, 'likeThreshold' | 'likeShare' | 'crowdLikeThreshold'>,
): number {
  return room.likeShare !== null && room.crowdLikeThreshold !== null
    ? room.crowdLikeThreshold
    : room.likeThreshold;
}
