import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { OptionalUser } from '../auth/decorators/current-user.decorator.js';
import type { GraphQLContext } from '../graphql/subscriptions.server.js';
import { RoomTrackModel } from '../tracks/models/room-track.model.js';
import { VotesService } from './votes.service.js';

/** The caller's own vote on a room track, batched per request across every track listed. */
@Resolver(() => RoomTrackModel)
export class RoomTrackVotesResolver {
  constructor(private readonly votes: VotesService) {}

  @ResolveField(() => Boolean, {
    nullable: true,
    description: "The caller's own vote on it: true like, false dislike, null none.",
  })
  myVote(
    @Parent() track: RoomTrackModel,
    @OptionalUser() caller: AuthUser | null,
    @Context() context: GraphQLContext,
  ): Promise<boolean | null> {
    if (track.myVote !== undefined) return Promise.resolve(track.myVote);
    if (!caller) return Promise.resolve(null);
    return this.votes.myVote(context.req, caller.id, track.id);
  }
}
