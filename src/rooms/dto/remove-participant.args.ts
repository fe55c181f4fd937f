import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { RoomCodeArgs } from './room-code.args.js';

@ArgsType()
export class RemoveParticipantArgs extends RoomCodeArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'userId must be the id of a user' })
  userId: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  ban?: boolean | null;
}
