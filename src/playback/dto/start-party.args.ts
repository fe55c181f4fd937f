import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { RoomCodeArgs } from '../../rooms/dto/room-code.args.js';
import { PLAYLIST_URI } from '../../spotify/playlist-uri.js';

@ArgsType()
export class StartPartyArgs extends RoomCodeArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PLAYLIST_URI, {
    message: 'fallbackPlaylistUri must be a Spotify playlist URI (spotify:playlist:…)',
  })
  fallbackPlaylistUri?: string | null;
}
