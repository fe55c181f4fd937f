import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model.js';
import { Role } from '../role.enum.js';

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    CO_HOST: {
      description:
        'Appointed by the host: may skip, remove tracks and remove guests; cannot close the room or change roles.',
    },
  },
});

@ObjectType('Participant')
export class ParticipantModel {
  @Field(() => UserModel)
  user: UserModel;

  @Field(() => Role)
  role: Role;

  @Field()
  joinedAt: Date;
}
