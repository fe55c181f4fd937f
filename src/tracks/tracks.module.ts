import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { UsersModule } from '../users/users.module.js';
import { RoomTrack } from './room-track.entity.js';
import { RoomTracksResolver } from './room-tracks.resolver.js';
import { RoomTracksService } from './room-tracks.service.js';
import { TrackGuardrailsService } from './track-guardrails.service.js';
import { TrackSearchService } from './track-search.service.js';

/** The tracks of a room: adding, listing with their Spotify metadata, and catalogue search. */
@Module({
  imports: [TypeOrmModule.forFeature([RoomTrack]), RoomsModule, UsersModule, SpotifyModule],
  providers: [RoomTracksService, TrackGuardrailsService, TrackSearchService, RoomTracksResolver],
  exports: [RoomTracksService, TrackGuardrailsService],
})
export class TracksModule {}
