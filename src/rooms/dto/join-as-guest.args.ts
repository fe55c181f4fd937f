import { ArgsType, Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { RoomCodeArgs } from './room-code.args.js';

@ArgsType()
export class JoinAsGuestArgs extends RoomCodeArgs {
  @Field({ description: '1 to 32 characters, trimmed, no control characters.' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 32, { message: 'displayName must be 1 to 32 characters' })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f-\u009f]*$/, {
    message: 'displayName must not contain control characters',
  })
  displayName: string;
}
