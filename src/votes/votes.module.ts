import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Participant } from '../rooms/participant.entity.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { User } from '../users/user.entity.js';
import { PlaybackService } from './playback.service.js';
import { RoomTrack } from './room-track.entity.js';
import { RoomTracksResolver } from './room-tracks.resolver.js';
import { RoomTracksService } from './room-tracks.service.js';
import { TrackSearchService } from './track-search.service.js';
import { Vote } from './vote.entity.js';
import { VotesResolver } from './votes.resolver.js';
import { VotesService } from './votes.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([RoomTrack, Vote, User, Participant]),
    RoomsModule,
    SpotifyModule,
  ],
  providers: [
    VotesService,
    RoomTracksService,
    PlaybackService,
    TrackSearchService,
    VotesResolver,
    RoomTracksResolver,
  ],
})
export class VotesModule {}
