import { ArgsType, Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';
import { RoomCodeArgs } from '../../rooms/dto/room-code.args.js';

@ArgsType()
export class ExportPlaylistArgs extends RoomCodeArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name?: string | null;
}
