import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RoomStatus } from '../room-status.enum.js';

registerEnumType(RoomStatus, { name: 'RoomStatus' });

/**
 * A room. Only scalar columns live here; host, participants, tracks and nowPlaying are resolved
 * by field resolvers (RoomsResolver, RoomTracksResolver).
 */
@ObjectType('Room')
export class RoomModel {
  @Field(() => ID)
  id: string;

  @Field({ description: '6 characters, A-Z and 0-9, unique; looked up case-insensitively.' })
  code: string;

  @Field()
  name: string;

  hostId: string;

  @Field(() => Int)
  likeThreshold: number;

  @Field(() => RoomStatus)
  status: RoomStatus;

  nowPlayingTrackId: string | null;

  /** With likeShare: the threshold it gave at the last count (see likeThresholdInForce). */
  crowdLikeThreshold: number | null;

  @Field({ description: 'No new guests may join while locked; participants stay.' })
  locked: boolean;

  @Field()
  createdAt: Date;

  @Field(() => String, {
    nullable: true,
    description:
      "A playlist of the host's, played from when nothing is READY. Null: wait for the crowd.",
  })
  fallbackPlaylistUri: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many dislikes skip the playing track. Null: the crowd cannot skip.',
  })
  skipThreshold: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'When set (0 < likeShare <= 1) the like threshold follows the crowd:\nmax(1, ceil(likeShare * activeParticipantCount)). Null: likeThreshold holds.',
  })
  likeShare: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "At most this many of one participant's tracks may be QUEUED or READY at once. Null: no limit.",
  })
  maxQueuedPerParticipant: number | null;

  @Field({
    description: 'False: tracks Spotify flags explicit cannot enter the party. Default true.',
  })
  explicitAllowed: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Tracks longer than this many seconds cannot enter the party. Null: any length.',
  })
  maxTrackSeconds: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'At most this many QUEUED or READY tracks by one artist at once. Null: no limit.',
  })
  maxPerArtist: number | null;

  // From the row the room was read from: a cached row may hold an older seq, which only replays
  // updates the reader already has (each update carries a track's whole tally, not a change).
  @Field(() => Int, {
    description:
      "The seq of the room's latest vote update when this was read (0 before any): subscribe to\n" +
      'voteUpdated with afterSeq set to it and nothing after this read is missed. It may be\n' +
      'older than the latest: the updates replayed then are ones this read already reflects.',
  })
  voteSeq: number;
}
