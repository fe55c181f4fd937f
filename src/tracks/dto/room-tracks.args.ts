import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { TrackStatus } from '../track-status.enum.js';

@ArgsType()
export class RoomTracksArgs {
  @Field(() => TrackStatus, { nullable: true })
  @IsOptional()
  @IsEnum(TrackStatus)
  status?: TrackStatus;
}
