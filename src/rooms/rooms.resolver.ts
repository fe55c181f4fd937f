import {
  Args,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { AuthTokenService } from '../auth/auth-token.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { RoomEventsService, type RoomUpdatedEvent } from '../realtime/room-events.service.js';
import { UserModel } from '../users/models/user.model.js';
import { UsersService } from '../users/users.service.js';
import { CreateRoomInput } from './dto/create-room.input.js';
import { JoinAsGuestArgs } from './dto/join-as-guest.args.js';
import { RoomCodeArgs } from './dto/room-code.args.js';
import { UpdateRoomArgs } from './dto/update-room.args.js';
import { GuestSessionModel } from './models/guest-session.model.js';
import { ParticipantModel } from './models/participant.model.js';
import { RoomModel } from './models/room.model.js';
import { likeThresholdInForce } from './like-threshold.js';
import type { Room } from './room.entity.js';
import { RoomsService } from './rooms.service.js';

/** Dates arrive as strings when the event went through Redis. */
function reviveRoom(room: Room): Room {
  return {
    ...room,
    createdAt: new Date(room.createdAt),
    updatedAt: new Date(room.updatedAt),
  };
}

@Resolver(() => RoomModel)
export class RoomsResolver {
  constructor(
    private readonly rooms: RoomsService,
    private readonly users: UsersService,
    private readonly tokens: AuthTokenService,
    private readonly events: RoomEventsService,
  ) {}

  @Query(() => RoomModel)
  room(
    @Args() { code }: RoomCodeArgs,
    @CurrentUser() caller: AuthUser,
  ): RoomModel | Promise<RoomModel> {
    return this.rooms.viewForParticipant(code, caller);
  }

  @Query(() => [RoomModel], {
    description: 'Rooms the caller hosts or has joined and not left, newest first.',
  })
  myRooms(@CurrentUser() caller: AuthUser): Promise<RoomModel[]> {
    return this.rooms.myRooms(caller);
  }

  @Public()
  @RateLimit('guestJoin')
  @Mutation(() => GuestSessionModel, {
    description: "No login needed: a display name (1 to 32 characters) and an open room's code.",
  })
  async joinAsGuest(@Args() { code, displayName }: JoinAsGuestArgs): Promise<GuestSessionModel> {
    const { room, guest } = await this.rooms.joinAsGuest(code, displayName);
    const token = this.tokens.issueForGuest(guest.id, room.id);
    return { accessToken: token.accessToken, expiresIn: token.expiresIn, user: guest, room };
  }

  @Mutation(() => RoomModel, {
    description: 'The caller (a Spotify user) becomes the host and first participant.',
  })
  createRoom(
    @Args('input') input: CreateRoomInput,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomModel> {
    return this.rooms.create(caller, input);
  }

  @Mutation(() => RoomModel, { description: 'Idempotent: joining twice keeps one participation.' })
  joinRoom(@Args() { code }: RoomCodeArgs, @CurrentUser() caller: AuthUser): Promise<RoomModel> {
    return this.rooms.join(caller, code);
  }

  @Mutation(() => Boolean)
  leaveRoom(@Args() { code }: RoomCodeArgs, @CurrentUser() caller: AuthUser): Promise<boolean> {
    return this.rooms.leave(caller, code);
  }

  @Mutation(() => RoomModel, {
    description: [
      'Host only. Lowering the threshold (here, or through likeShare as people come and go)',
      'promotes every QUEUED track that now reaches it to READY, each exactly once, each',
      'pushed as a voteUpdated with thresholdReached true. skipThreshold and',
      'maxQueuedPerParticipant: 1 to 1000; likeShare: 0 < x <= 1. An argument left out',
      'keeps its setting; an explicit null clears skipThreshold, likeShare,',
      'maxQueuedPerParticipant or fallbackPlaylistUri.',
      'Guardrails: maxTrackSeconds 30 to 3600, maxPerArtist 1 to 1000; an explicit null',
      'clears them. A track that breaks a guardrail cannot enter the party (addTrack, a first',
      'vote, addRandomTrack, a fallback pick): CONFLICT with reason EXPLICIT, TOO_LONG or',
      'ARTIST_LIMIT. Setting a guardrail REMOVEs the QUEUED and READY tracks that break it,',
      'as removeTrack does; the playing track plays on.',
    ].join('\n'),
  })
  updateRoom(@Args() args: UpdateRoomArgs, @CurrentUser() caller: AuthUser): Promise<RoomModel> {
    const { code, likeThreshold, name, locked, fallbackPlaylistUri } = args;
    return this.rooms.update(caller, code, {
      likeThreshold: likeThreshold ?? undefined,
      name: name ?? undefined,
      locked: locked ?? undefined,
      fallbackPlaylistUri,
      skipThreshold: args.skipThreshold,
      likeShare: args.likeShare,
      maxQueuedPerParticipant: args.maxQueuedPerParticipant,
      // Null clears the rule: explicit tracks allowed again.
      explicitAllowed: args.explicitAllowed === null ? true : args.explicitAllowed,
      maxTrackSeconds: args.maxTrackSeconds,
      maxPerArtist: args.maxPerArtist,
    });
  }

  @Mutation(() => RoomModel, { description: 'Host only: no more joins or votes.' })
  closeRoom(@Args() { code }: RoomCodeArgs, @CurrentUser() caller: AuthUser): Promise<RoomModel> {
    return this.rooms.close(caller, code);
  }

  // Not @SharedResult(): the Room carries the caller's own votes (RoomTrack.myVote).
  @Subscription(() => RoomModel, {
    description: 'The room after someone joined, left, or the host changed it.',
    resolve: (event: RoomUpdatedEvent) => reviveRoom(event.roomUpdated),
  })
  async roomUpdated(
    @Args() { code }: RoomCodeArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<AsyncIterator<RoomUpdatedEvent>> {
    const room = await this.rooms.getByCode(code);
    return this.events.forParticipant(room.id, caller.id, this.events.roomUpdates(room.id), () =>
      this.rooms.assertParticipant(room, caller),
    );
  }

  @ResolveField(() => UserModel)
  host(@Parent() room: RoomModel): UserModel | Promise<UserModel> {
    return this.users.byId(room.hostId);
  }

  @ResolveField(() => [ParticipantModel])
  async participants(@Parent() room: RoomModel): Promise<ParticipantModel[]> {
    const participants = await this.rooms.listParticipants(room.id);
    return participants.map((p) => ({ user: p.user!, role: p.role, joinedAt: p.joinedAt }));
  }

  @ResolveField(() => Int)
  participantCount(@Parent() room: RoomModel): Promise<number> {
    return this.rooms.countParticipants(room.id);
  }

  @ResolveField(() => Int, {
    description: 'The like threshold in force now: likeThreshold, or the one likeShare gives.',
  })
  effectiveLikeThreshold(@Parent() room: RoomModel): number {
    return likeThresholdInForce(room);
  }

  @ResolveField(() => Int, {
    description: [
      'Participants (host included) with a live subscription to this room on any server',
      'instance, or who called an operation on it in the last 10 minutes.',
    ].join('\n'),
  })
  activeParticipantCount(@Parent() room: RoomModel): Promise<number> {
    return this.rooms.countActiveParticipants(room.id);
  }
}
