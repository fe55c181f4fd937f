import { Args, Mutation, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { RoomEventsService, type PlaybackUpdatedEvent } from '../realtime/room-events.service.js';
import { RoomCodeArgs } from '../rooms/dto/room-code.args.js';
import { RoomModel } from '../rooms/models/room.model.js';
import type { Room } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { TrackArgs } from '../tracks/dto/track.args.js';
import { RoomTrackModel } from '../tracks/models/room-track.model.js';
import { ExportPlaylistArgs } from './dto/export-playlist.args.js';
import { StartPartyArgs } from './dto/start-party.args.js';
import { PlaybackModel } from './models/playback.model.js';
import { PlaylistExportModel } from './models/playlist-export.model.js';
import { PlaybackService } from './playback.service.js';

const date = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);

/** Dates arrive as strings when the event went through Redis. */
function reviveTrack(track: RoomTrackModel | null): RoomTrackModel | null {
  if (!track) return null;
  return {
    ...track,
    addedAt: new Date(track.addedAt),
    readyAt: date(track.readyAt),
    playedAt: date(track.playedAt),
  };
}

function revivePlayback(playback: PlaybackModel): PlaybackModel {
  return {
    ...playback,
    observedAt: date(playback.observedAt),
    track: reviveTrack(playback.track),
    next: reviveTrack(playback.next),
  };
}

@Resolver(() => RoomModel)
export class PlaybackResolver {
  constructor(
    private readonly playback: PlaybackService,
    private readonly rooms: RoomsService,
    private readonly events: RoomEventsService,
  ) {}

  @Mutation(() => RoomTrackModel, {
    description: "Host only: start the track on the host's Spotify player.",
  })
  playTrack(
    @Args() { code, trackUri }: TrackArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomTrackModel> {
    return this.playback.play(caller, code, trackUri);
  }

  @Mutation(() => RoomModel, {
    description:
      "Host only: autoplay on. From now on the server keeps the host's Spotify playing the\nparty: the first of Room.queue when the current track ends, a fallback pick when\nnothing is READY, and it follows the host's own pause, resume and device changes.",
  })
  startParty(
    @Args() { code, fallbackPlaylistUri }: StartPartyArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomModel> {
    return this.playback.startParty(caller, code, fallbackPlaylistUri);
  }

  @Mutation(() => RoomModel, {
    description: "Host only: autoplay off; what plays on the host's Spotify is left alone.",
  })
  stopParty(@Args() { code }: RoomCodeArgs, @CurrentUser() caller: AuthUser): Promise<RoomModel> {
    return this.playback.stopParty(caller, code);
  }

  @Mutation(() => RoomTrackModel, {
    description:
      'Host or co-host: the track leaves the queue for good (REMOVED); if it is playing, it is skipped first.',
  })
  removeTrack(
    @Args() { code, trackUri }: TrackArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomTrackModel> {
    return this.playback.removeTrack(caller, code, trackUri);
  }

  @Mutation(() => PlaybackModel, {
    description:
      'Host or co-host: the playing party track ends now (SKIPPED) and the next one starts.',
  })
  skipTrack(
    @Args() { code }: RoomCodeArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<PlaybackModel> {
    return this.playback.skip(caller, code);
  }

  @Mutation(() => PlaylistExportModel, {
    description:
      "Host only: write the tracks that played in the room (in play order, skipped ones left\nout) to a new private playlist in the host's Spotify account.",
  })
  exportPlaylist(
    @Args() { code, name }: ExportPlaylistArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<PlaylistExportModel> {
    return this.playback.exportPlaylist(caller, code, name);
  }

  @Subscription(() => PlaybackModel, {
    description:
      'Participants only: every change of what plays (started, ended, skipped, paused, device lost, autoplay on or off).',
    resolve: (event: PlaybackUpdatedEvent) => revivePlayback(event.playbackUpdated),
  })
  async playbackUpdated(
    @Args() { code }: RoomCodeArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<AsyncIterator<PlaybackUpdatedEvent>> {
    const room = await this.rooms.getForParticipant(code, caller);
    return this.events.forParticipant(
      room.id,
      caller.id,
      this.events.playbackUpdates(room.id),
      () => this.rooms.getForParticipant(code, caller),
    );
  }

  @ResolveField(() => Boolean, {
    description:
      "Whether the server keeps the host's Spotify playing the party (startParty / stopParty).",
  })
  autoplay(@Parent() room: RoomModel): Promise<boolean> {
    return this.playback.autoplay(room);
  }

  @ResolveField(() => PlaybackModel, { name: 'playback' })
  playbackField(@Parent() room: RoomModel): Promise<PlaybackModel> {
    return this.playback.playback(room as Room);
  }

  @ResolveField(() => [RoomTrackModel], {
    description:
      'The tracks that will play, in order: READY tracks, the first to reach the threshold first.',
  })
  queue(@Parent() room: RoomModel): Promise<RoomTrackModel[]> {
    return this.playback.queue(room);
  }

  @ResolveField(() => [RoomTrackModel], {
    description: 'Tracks that played or were skipped, in the order they started.',
  })
  history(@Parent() room: RoomModel): Promise<RoomTrackModel[]> {
    return this.playback.history(room);
  }
}
