import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AppGraphqlModule } from './graphql/graphql.module.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { SpotifyModule } from './spotify/spotify.module.js';
import { SpotifySandboxModule } from './spotify-sandbox/spotify-sandbox.module.js';
import { UsersModule } from './users/users.module.js';
import { VotesModule } from './votes/votes.module.js';
import { TracksModule } from './tracks/tracks.module.js';
import { PlaybackModule } from './playback/playback.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  /** `env` adds to (and overrides) process.env: tests boot several configurations side by side. */
  static forRoot(env: Record<string, string | undefined> = {}): DynamicModule {
    const effectiveEnv = { ...process.env, ...env };
    const spotifySandbox = SpotifySandboxModule.wanted(effectiveEnv);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RealtimeModule,
        AppGraphqlModule,
        HealthModule,
        AuthModule,
        UsersModule,
        SpotifyModule,
        RoomsModule,
        TracksModule,
        VotesModule,
        PlaybackModule,
        ...(spotifySandbox ? [SpotifySandboxModule.forRoot(effectiveEnv)] : []),
        WebModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
