import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, OptionalUser } from '../auth/decorators/current-user.decorator.js';
import { RoomCodeArgs } from '../rooms/dto/room-code.args.js';
import { RoomModel } from '../rooms/models/room.model.js';
import { RoomTracksArgs } from './dto/room-tracks.args.js';
import { SearchTracksArgs } from './dto/search-tracks.args.js';
import { TrackArgs } from './dto/track.args.js';
import { RoomTrackModel } from './models/room-track.model.js';
import { TrackModel } from './models/track.model.js';
import { RoomTracksService } from './room-tracks.service.js';
import { TrackSearchService } from './track-search.service.js';
import { TrackStatus } from './track-status.enum.js';

/** Tracks of a room: the Room fields `tracks` and `nowPlaying`, adding and searching. */
@Resolver(() => RoomModel)
export class RoomTracksResolver {
  constructor(
    private readonly roomTracks: RoomTracksService,
    private readonly search: TrackSearchService,
  ) {}

  @ResolveField(() => [RoomTrackModel], {
    description:
      'Tracks of the room, most likes first, then oldest first; optionally one status only.',
  })
  async tracks(
    @Parent() room: RoomModel,
    @Args() { status }: RoomTracksArgs,
    @OptionalUser() caller: AuthUser | null,
  ): Promise<RoomTrackModel[]> {
    // Removed tracks are the hosts' business: everyone else sees none.
    if (status === TrackStatus.REMOVED && !(await this.roomTracks.canSeeRemoved(room, caller))) {
      return [];
    }
    return this.roomTracks.listModels(room, status);
  }

  @ResolveField(() => RoomTrackModel, { nullable: true })
  nowPlaying(@Parent() room: RoomModel): Promise<RoomTrackModel | null> {
    if (!room.nowPlayingTrackId) return Promise.resolve(null);
    return this.roomTracks.modelById(room.nowPlayingTrackId, room.hostId);
  }

  @Query(() => [TrackModel], {
    description:
      "Search Spotify's catalogue (at most 10 results, Spotify's cap). With `code`, a\nparticipant searches through the room host's Spotify account, so guests can search too.",
  })
  searchTracks(
    @Args() { query, limit, code }: SearchTracksArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<TrackModel[]> {
    return this.search.search(caller, query, limit, code);
  }

  @Mutation(() => RoomTrackModel, { description: 'Add a track to the room without voting on it.' })
  addTrack(
    @Args() { code, trackUri }: TrackArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomTrackModel> {
    return this.roomTracks.add(caller, code, trackUri);
  }

  @Mutation(() => RoomTrackModel, {
    description: "Add a random track from a participant's Spotify playlists.",
  })
  addRandomTrack(
    @Args() { code }: RoomCodeArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomTrackModel> {
    return this.roomTracks.addRandom(caller, code);
  }
}
