import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { TrackArgs } from '../tracks/dto/track.args.js';
import { RoomTrackModel } from '../tracks/models/room-track.model.js';
import { PlaybackService } from './playback.service.js';

@Resolver()
export class PlaybackResolver {
  constructor(private readonly playback: PlaybackService) {}

  @Mutation(() => RoomTrackModel, {
    description: "Host only: start the track on the host's Spotify player.",
  })
  playTrack(
    @Args() { code, trackUri }: TrackArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<RoomTrackModel> {
    return this.playback.play(caller, code, trackUri);
  }
}
