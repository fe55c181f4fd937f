import { Field, Int, ObjectType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model.js';
import { RoomModel } from './room.model.js';

@ObjectType('GuestSession', {
  description: "A guest's session: no Spotify account, valid for the room it joined.",
})
export class GuestSessionModel {
  @Field()
  accessToken: string;

  @Field(() => Int)
  expiresIn: number;

  @Field(() => UserModel)
  user: UserModel;

  @Field(() => RoomModel)
  room: RoomModel;
}
