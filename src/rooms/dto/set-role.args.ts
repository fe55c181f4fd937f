import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { Role } from '../role.enum.js';
import { RoomCodeArgs } from './room-code.args.js';

@ArgsType()
export class SetRoleArgs extends RoomCodeArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'userId must be the id of a user' })
  userId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;
}
