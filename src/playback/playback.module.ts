import { Module } from '@nestjs/common';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { TracksModule } from '../tracks/tracks.module.js';
import { PlaybackResolver } from './playback.resolver.js';
import { PlaybackService } from './playback.service.js';

/** What plays on the host's Spotify. */
@Module({
  imports: [RoomsModule, TracksModule, SpotifyModule],
  providers: [PlaybackService, PlaybackResolver],
  exports: [PlaybackService],
})
export class PlaybackModule {}
