import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model.js';
import { TrackStatus } from '../track-status.enum.js';
import { TrackModel } from './track.model.js';

registerEnumType(TrackStatus, {
  name: 'TrackStatus',
  valuesMap: {
    QUEUED: { description: 'Collecting votes.' },
    READY: {
      description: 'Reached the like threshold; waiting for the host (or autoplay) to play it.',
    },
    REMOVED: {
      description:
        'Taken out by the host or a co-host: no longer in the queue, and cannot be added or voted on again.',
    },
  },
});

/**
 * Built in one go by RoomTracksService.toModels (metadata and adder batched); `myVote` is
 * resolved by the votes module, batched per request, unless the builder already knew it.
 */
@ObjectType('RoomTrack', { description: 'A track inside one room, with its vote tally.' })
export class RoomTrackModel {
  @Field(() => ID)
  id: string;

  @Field()
  uri: string;

  @Field(() => TrackModel, {
    nullable: true,
    description: 'Null while Spotify metadata is unknown (a vote never waits for Spotify).',
  })
  track: TrackModel | null;

  @Field(() => Int)
  likes: number;

  @Field(() => Int)
  dislikes: number;

  @Field(() => TrackStatus)
  status: TrackStatus;

  @Field(() => Boolean, {
    nullable: true,
    description: "The caller's own vote on it: true like, false dislike, null none.",
  })
  myVote?: boolean | null;

  @Field(() => UserModel, { nullable: true })
  addedBy: UserModel | null;

  @Field()
  addedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it reached the like threshold.' })
  readyAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When it started playing on the host's Spotify.",
  })
  playedAt: Date | null;
}
