import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model.js';
import { ModerationActionType } from '../moderation-action.enum.js';
import { Role } from '../role.enum.js';

registerEnumType(ModerationActionType, {
  name: 'ModerationActionType',
  description: 'What a host or co-host did.',
  valuesMap: {
    ROLE_CHANGED: { description: 'setRole: `role` is the role given to `target`.' },
    PARTICIPANT_REMOVED: { description: 'removeParticipant without ban.' },
    PARTICIPANT_BANNED: { description: 'removeParticipant with ban.' },
    TRACK_REMOVED: { description: 'removeTrack: `trackUri` left the queue for good.' },
    ROOM_LOCKED: { description: 'updateRoom(locked: true).' },
    ROOM_UNLOCKED: { description: 'updateRoom(locked: false).' },
  },
});

@ObjectType('ModerationAction', {
  description: "One line of a room's audit trail: who did what to whom, when.",
})
export class ModerationActionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ModerationActionType)
  action: ModerationActionType;

  @Field(() => UserModel, { description: 'The host or co-host who did it.' })
  actor: UserModel;

  @Field(() => UserModel, { nullable: true, description: 'The participant acted on, if any.' })
  target: UserModel | null;

  @Field(() => String, { nullable: true, description: 'The track removed, for TRACK_REMOVED.' })
  trackUri: string | null;

  @Field(() => Role, { nullable: true, description: 'The role given, for ROLE_CHANGED.' })
  role: Role | null;

  @Field()
  at: Date;
}
