import { ArgsType, Field, Float, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PLAYLIST_URI } from '../../spotify/playlist-uri.js';
import { RoomCodeArgs } from './room-code.args.js';

@ArgsType()
export class UpdateRoomArgs extends RoomCodeArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'likeThreshold must be between 1 and 1000' })
  @Max(1000, { message: 'likeThreshold must be between 1 and 1000' })
  likeThreshold?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 80, { message: 'name must be 1 to 80 characters' })
  name?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'skipThreshold must be between 1 and 1000' })
  @Max(1000, { message: 'skipThreshold must be between 1 and 1000' })
  skipThreshold?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(Number.MIN_VALUE, { message: 'likeShare must be greater than 0 and at most 1' })
  @Max(1, { message: 'likeShare must be greater than 0 and at most 1' })
  likeShare?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'maxQueuedPerParticipant must be between 1 and 1000' })
  @Max(1000, { message: 'maxQueuedPerParticipant must be between 1 and 1000' })
  maxQueuedPerParticipant?: number | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  locked?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PLAYLIST_URI, {
    message: 'fallbackPlaylistUri must be a Spotify playlist URI (spotify:playlist:…)',
  })
  fallbackPlaylistUri?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  explicitAllowed?: boolean | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(30, { message: 'maxTrackSeconds must be between 30 and 3600' })
  @Max(3600, { message: 'maxTrackSeconds must be between 30 and 3600' })
  maxTrackSeconds?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'maxPerArtist must be between 1 and 1000' })
  @Max(1000, { message: 'maxPerArtist must be between 1 and 1000' })
  maxPerArtist?: number | null;
}
