import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SpotifyModule } from '../spotify/spotify.module.js';
import { RevocationsService } from './revocations.service.js';
import { UserCache } from './user-cache.js';
import { User } from './user.entity.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SpotifyModule],
  providers: [UsersService, UsersResolver, RevocationsService, UserCache],
  exports: [UsersService, RevocationsService],
})
export class UsersModule {}
