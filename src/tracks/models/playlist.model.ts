import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Playlist', { description: "A playlist in the caller's own Spotify library." })
export class PlaylistModel {
  @Field({ description: 'spotify:playlist:<id>' })
  uri: string;

  @Field()
  name: string;

  @Field(() => Int, { description: 'How many items it holds.' })
  trackCount: number;

  @Field(() => String, { nullable: true })
  imageUrl: string | null;

  @Field(() => String, { nullable: true, description: 'The display name of its owner.' })
  ownerName: string | null;
}
