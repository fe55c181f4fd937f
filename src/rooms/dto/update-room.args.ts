import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
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

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  locked?: boolean | null;
}
