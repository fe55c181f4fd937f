import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Track', { description: 'Spotify metadata of a track.' })
export class TrackModel {
  @Field({ description: 'spotify:track:<22 base62 characters>' })
  uri: string;

  @Field()
  name: string;

  @Field(() => [String])
  artists: string[];

  @Field(() => String, { nullable: true })
  album: string | null;

  @Field(() => String, { nullable: true })
  imageUrl: string | null;

  @Field(() => Int, { nullable: true })
  durationMs: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Spotify's explicit-content flag; null when Spotify did not say.",
  })
  explicit: boolean | null;
}
