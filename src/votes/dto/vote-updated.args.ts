import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional } from 'class-validator';
import { RoomCodeArgs } from '../../rooms/dto/room-code.args.js';

@ArgsType()
export class VoteUpdatedArgs extends RoomCodeArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  afterSeq?: number | null;
}
