import { Args, Mutation, Resolver, Subscription } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { SharedResult } from '../graphql/shared-result.decorator.js';
import { RoomEventsService, type VoteUpdatedEvent } from '../realtime/room-events.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { VoteUpdatedArgs } from './dto/vote-updated.args.js';
import { VoteInput } from './dto/vote.input.js';
import { VoteResultModel } from './models/vote-result.model.js';
import { VoteUpdateModel } from './models/vote-update.model.js';
import { VotesService } from './votes.service.js';

@Resolver(() => VoteResultModel)
export class VotesResolver {
  constructor(
    private readonly votes: VotesService,
    private readonly rooms: RoomsService,
    private readonly events: RoomEventsService,
  ) {}

  @Mutation(() => VoteResultModel, {
    description: 'One vote per participant and track; voting again replaces the earlier vote.',
  })
  vote(@Args('input') input: VoteInput, @CurrentUser() caller: AuthUser): Promise<VoteResultModel> {
    return this.votes.vote(caller, input);
  }

  // The update is the same for every participant: nothing in VoteUpdate is the caller's own.
  @SharedResult()
  @Subscription(() => VoteUpdateModel, {
    description:
      'Participants of the room only. With afterSeq, the updates with a larger seq that the\n' +
      'client missed come first, in order, then the live ones: no gap and no duplicate, across\n' +
      'restarts and instances. Missed updates are kept for at least 24 hours.',
    // The event carries every field; only the date needs reviving after a trip through Redis.
    resolve: ({ voteUpdated }: VoteUpdatedEvent) => ({
      ...voteUpdated,
      at: new Date(voteUpdated.at),
    }),
  })
  async voteUpdated(
    @Args() { code, afterSeq }: VoteUpdatedArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<AsyncIterator<VoteUpdatedEvent>> {
    const room = await this.rooms.getForParticipant(code, caller);
    const updates =
      afterSeq === undefined || afterSeq === null
        ? this.events.voteUpdates(room.id)
        : await this.events.voteUpdatesAfter(room.id, afterSeq, room.voteSeq);
    return this.events.forParticipant(room.id, caller.id, updates, () =>
      this.rooms.assertParticipant(room, caller),
    );
  }
}
