import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'Null for guests, who have no Spotify account.',
  })
  spotifyId: string | null;

  @Field()
  isGuest: boolean;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  avatarUrl: string | null;

  /** Resolved by UsersResolver: shown to the user themself only. */
  @Field(() => String, {
    nullable: true,
    description: 'Visible to the user themself only; null for everyone else.',
  })
  email?: string | null;

  @Field()
  createdAt: Date;
}
