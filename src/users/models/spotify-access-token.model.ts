import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('SpotifyAccessToken', {
  description:
    "A short-lived Spotify access token for the caller's own account, for Spotify's Web Playback SDK.",
})
export class SpotifyAccessTokenModel {
  @Field()
  accessToken: string;

  @Field()
  expiresAt: Date;
}
