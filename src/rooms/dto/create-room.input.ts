import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';

@InputType()
export class CreateRoomInput {
  @Field({
    nullable: true,
    description: '1 to 80 characters; defaults to "<host display name>\'s party".',
  })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 80, { message: 'name must be 1 to 80 characters' })
  name?: string;

  @Field(() => Int, { description: '1 to 1000.' })
  @IsInt()
  @Min(1, { message: 'likeThreshold must be between 1 and 1000' })
  @Max(1000, { message: 'likeThreshold must be between 1 and 1000' })
  likeThreshold: number;
}
