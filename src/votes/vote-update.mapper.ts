import type { TrackModel } from '../tracks/models/track.model.js';
import { toTrackModel } from '../tracks/track.mapper.js';
import type { VoteUpdateModel } from './models/vote-update.model.js';
import type { VoteCount } from './votes.repository.js';

/** The seed API's fields, shared by a vote's answer and every pushed update. */
export function countsOf({ track, likeThreshold, thresholdReached }: VoteCount) {
  return {
    trackUri: track.uri,
    likes: track.likes,
    dislikes: track.dislikes,
    likeThreshold,
    play: track.likes >= likeThreshold,
    thresholdReached,
  };
}

/** The update pushed to the room (and kept in its event log) for one counted change. */
export function toVoteUpdate(
  roomCode: string,
  count: VoteCount,
  metadata: TrackModel | null | undefined,
): VoteUpdateModel {
  return {
    roomCode,
    ...countsOf(count),
    track: toTrackModel(metadata),
    at: count.at,
    seq: count.seq,
    status: count.track.status,
  };
}
