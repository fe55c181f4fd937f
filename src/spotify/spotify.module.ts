import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SpotifyAccountsClient } from './spotify-accounts.client.js';
import { SpotifyApiService } from './spotify-api.service.js';
import { SpotifyCredential } from './spotify-credential.entity.js';
import { SpotifyCredentialsService } from './spotify-credentials.service.js';
import { SpotifyHttpClient } from './spotify-http.client.js';
import { SpotifyTrack } from './spotify-track.entity.js';
import { SpotifyTrackMetadataService } from './spotify-track-metadata.service.js';
import { SpotifyTracksService } from './spotify-tracks.service.js';
import { TokenCipher } from './token-cipher.js';

@Module({
  imports: [TypeOrmModule.forFeature([SpotifyCredential, SpotifyTrack])],
  providers: [
    TokenCipher,
    SpotifyHttpClient,
    SpotifyAccountsClient,
    SpotifyCredentialsService,
    SpotifyApiService,
    SpotifyTracksService,
    SpotifyTrackMetadataService,
  ],
  exports: [
    TokenCipher,
    SpotifyAccountsClient,
    SpotifyCredentialsService,
    SpotifyApiService,
    SpotifyTracksService,
    SpotifyTrackMetadataService,
  ],
})
export class SpotifyModule {}
