import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitGuard } from '../common/rate-limit/rate-limit.guard.js';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import { AppConfig } from '../config/app-config.js';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthTokenService } from './auth-token.service.js';
import { jwtKey } from './jwt-key.js';
import { AuthGuard } from './guards/auth.guard.js';
import { SpotifyLoginGuard } from './guards/spotify-login.guard.js';
import { OAuthState } from './oauth-state.entity.js';
import { OAuthStateStore } from './oauth-state.store.js';
import { SpotifyStrategy } from './strategies/spotify.strategy.js';

@Module({
  imports: [
    UsersModule,
    SpotifyModule,
    PassportModule,
    TypeOrmModule.forFeature([OAuthState]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.jwtSecret),
        signOptions: { algorithm: 'HS256', issuer: 'spotify-party' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'spotify-party' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthTokenService,
    AuthService,
    OAuthStateStore,
    SpotifyStrategy,
    SpotifyLoginGuard,
    RateLimitService,
    // Order matters: the caller is known before the per-user rate limit counts.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [AuthTokenService],
})
export class AuthModule {}
