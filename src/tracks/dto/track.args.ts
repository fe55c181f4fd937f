import { ArgsType, Field } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { RoomCodeArgs } from '../../rooms/dto/room-code.args.js';
import { TRACK_URI_MESSAGE, TRACK_URI_PATTERN } from '../../spotify/track-uri.js';

@ArgsType()
export class TrackArgs extends RoomCodeArgs {
  @Field()
  @Matches(TRACK_URI_PATTERN, { message: TRACK_URI_MESSAGE })
  trackUri: string;
}
