import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlaybackModule } from '../playback/playback.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { TracksModule } from '../tracks/tracks.module.js';
import { CrowdThresholdService } from './crowd-threshold.service.js';
import { RoomTrackVotesResolver } from './room-track-votes.resolver.js';
import { Vote } from './vote.entity.js';
import { VotesResolver } from './votes.resolver.js';
import { VotesRepository } from './votes.repository.js';
import { VotesService } from './votes.service.js';

/**
 * Counting votes, exactly once, pushing each update to the room, and the like threshold in force
 * (one that follows the crowd, and the promotions a lower one makes).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Vote]),
    RoomsModule,
    TracksModule,
    SpotifyModule,
    PlaybackModule,
  ],
  providers: [
    VotesRepository,
    VotesService,
    VotesResolver,
    RoomTrackVotesResolver,
    CrowdThresholdService,
  ],
})
export class VotesModule {}
