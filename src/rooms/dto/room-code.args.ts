import { ArgsType, Field } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { ROOM_CODE_PATTERN } from '../room-code.js';

export const ROOM_CODE_MESSAGE = 'code must be 6 letters or digits (e.g. DSCG8B)';

@ArgsType()
export class RoomCodeArgs {
  @Field()
  @Matches(ROOM_CODE_PATTERN, { message: ROOM_CODE_MESSAGE })
  code: string;
}
