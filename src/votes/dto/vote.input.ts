import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, Matches } from 'class-validator';
import { ROOM_CODE_MESSAGE } from '../../rooms/dto/room-code.args.js';
import { ROOM_CODE_PATTERN } from '../../rooms/room-code.js';
import { TRACK_URI_MESSAGE, TRACK_URI_PATTERN } from '../../spotify/track-uri.js';

@InputType()
export class VoteInput {
  @Field()
  @Matches(ROOM_CODE_PATTERN, { message: ROOM_CODE_MESSAGE })
  code: string;

  @Field()
  @Matches(TRACK_URI_PATTERN, { message: TRACK_URI_MESSAGE })
  trackUri: string;

  @Field()
  @IsBoolean()
  isLike: boolean;
}
