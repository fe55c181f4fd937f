import { Field, Int, ObjectType } from '@nestjs/graphql';
import { TrackModel } from '../../tracks/models/track.model.js';
import { TrackStatus } from '../../tracks/track-status.enum.js';

@ObjectType('VoteUpdate', { description: 'Pushed to every subscriber of a room after each vote.' })
export class VoteUpdateModel {
  @Field()
  roomCode: string;

  @Field()
  trackUri: string;

  @Field(() => Int)
  likes: number;

  @Field(() => Int)
  dislikes: number;

  @Field(() => Int)
  likeThreshold: number;

  @Field()
  play: boolean;

  @Field({
    description:
      'True on exactly one update per track and room, whatever the number of server instances.',
  })
  thresholdReached: boolean;

  @Field(() => TrackModel, { nullable: true })
  track: TrackModel | null;

  @Field()
  at: Date;

  @Field(() => Int, {
    description:
      "Position of this vote in the room's commit order (1, 2, …): clients can order updates by it.",
  })
  seq: number;

  @Field(() => TrackStatus, {
    description:
      "The track's status after this update (READY when thresholdReached, SKIPPED when the crowd skipped it).",
  })
  status: TrackStatus;
}
