import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { UsersModule } from '../users/users.module.js';
import { AuthTokenService } from './auth-token.service.js';
import { AuthGuard } from './guards/auth.guard.js';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'spotify-party' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'spotify-party' },
      }),
    }),
  ],
  providers: [AuthTokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthTokenService],
})
export class AuthModule {}
