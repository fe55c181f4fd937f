import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROOM_CODE_MESSAGE } from '../../rooms/dto/room-code.args.js';
import { ROOM_CODE_PATTERN } from '../../rooms/room-code.js';

export const SPOTIFY_SEARCH_MAX = 10;

@ArgsType()
export class SearchTracksArgs {
  @Field()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 200, { message: 'query must be 1 to 200 characters' })
  query: string;

  /** Clamped to Spotify's cap of 10 rather than refused, as the contract promises. */
  @Field(() => Int, { nullable: true, defaultValue: SPOTIFY_SEARCH_MAX })
  @IsOptional()
  @IsInt()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' ? Math.min(Math.max(value, 1), SPOTIFY_SEARCH_MAX) : value,
  )
  limit: number = SPOTIFY_SEARCH_MAX;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ROOM_CODE_PATTERN, { message: ROOM_CODE_MESSAGE })
  code?: string | null;
}
