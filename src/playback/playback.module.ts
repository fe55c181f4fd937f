import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { TracksModule } from '../tracks/tracks.module.js';
import { PlaybackDriver } from './playback.driver.js';
import { PlaybackResolver } from './playback.resolver.js';
import { PlaybackService } from './playback.service.js';
import { PlaybackTransitions } from './playback.transitions.js';
import { RoomPlayback } from './room-playback.entity.js';
import { RoomPlaybackStore } from './room-playback.store.js';

/** What plays on the host's Spotify: playTrack, and autoplay (the party plays itself). */
@Module({
  imports: [TypeOrmModule.forFeature([RoomPlayback]), RoomsModule, TracksModule, SpotifyModule],
  providers: [
    RoomPlaybackStore,
    PlaybackTransitions,
    PlaybackDriver,
    PlaybackService,
    PlaybackResolver,
  ],
  exports: [PlaybackService],
})
export class PlaybackModule {}
