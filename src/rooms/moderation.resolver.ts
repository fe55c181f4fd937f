import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { RemoveParticipantArgs } from './dto/remove-participant.args.js';
import { SetRoleArgs } from './dto/set-role.args.js';
import { ModerationService } from './moderation.service.js';
import { ModerationActionModel } from './models/moderation-action.model.js';
import { ParticipantModel } from './models/participant.model.js';
import { RoomModel } from './models/room.model.js';

/** Co-hosts, removing and banning participants, and the room's audit trail. */
@Resolver(() => RoomModel)
export class ModerationResolver {
  constructor(private readonly moderation: ModerationService) {}

  @Mutation(() => ParticipantModel, {
    description: 'Host only: make a participant a CO_HOST or a GUEST again.',
  })
  setRole(
    @Args() { code, userId, role }: SetRoleArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<ParticipantModel> {
    return this.moderation.setRole(caller, code, userId, role);
  }

  @Mutation(() => Boolean, {
    description:
      "Host, or co-host for guests: the participant is out at once — their HTTP calls on the\nroom are refused (FORBIDDEN) and their live subscriptions to it end. With ban they\ncannot join it again (a banned guest's session stops working everywhere).",
  })
  removeParticipant(
    @Args() { code, userId, ban }: RemoveParticipantArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<boolean> {
    return this.moderation.removeParticipant(caller, code, userId, ban ?? false);
  }

  @ResolveField(() => [ModerationActionModel], {
    description:
      'Host only (FORBIDDEN for everyone else): every moderation action in the room, newest first.',
  })
  moderationLog(
    @Parent() room: RoomModel,
    @CurrentUser() caller: AuthUser,
  ): Promise<ModerationActionModel[]> {
    return this.moderation.moderationLog(caller, room);
  }
}
