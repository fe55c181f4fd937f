import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';

/** Spotify pages `/me/playlists` by at most 50. */
export const PLAYLISTS_PAGE_MAX = 50;

@ArgsType()
export class MyPlaylistsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  @IsInt()
  @Min(1, { message: `limit must be 1 to ${PLAYLISTS_PAGE_MAX}` })
  @Max(PLAYLISTS_PAGE_MAX, { message: `limit must be 1 to ${PLAYLISTS_PAGE_MAX}` })
  limit: number = 20;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsInt()
  @Min(0, { message: 'offset must be 0 or more' })
  offset: number = 0;
}
