import { Field, Int, ObjectType } from '@nestjs/graphql';
import { RoomTrackModel } from '../../tracks/models/room-track.model.js';

@ObjectType('VoteResult', {
  description:
    "What a vote returns; `status`, `likes`, `likeThreshold` and `play` keep the seed API's meaning.",
})
export class VoteResultModel {
  @Field({ description: 'Always "vote_registered".' })
  status: string;

  @Field()
  trackUri: string;

  @Field(() => Int)
  likes: number;

  @Field(() => Int)
  dislikes: number;

  @Field(() => Int)
  likeThreshold: number;

  @Field({ description: 'likes >= likeThreshold' })
  play: boolean;

  @Field({
    description:
      'True for exactly one vote per track and room: the one that first brought likes to the threshold.',
  })
  thresholdReached: boolean;

  @Field(() => RoomTrackModel)
  track: RoomTrackModel;
}
