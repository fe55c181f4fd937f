import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { ModerationAction } from './moderation-action.entity.js';
import { ModerationLogService } from './moderation-log.service.js';
import { ModerationResolver } from './moderation.resolver.js';
import { ModerationService } from './moderation.service.js';
import { Participant } from './participant.entity.js';
import { RoomCache } from './room-cache.js';
import { Room } from './room.entity.js';
import { RoomsResolver } from './rooms.resolver.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Room, Participant, ModerationAction]),
    UsersModule,
    AuthModule,
  ],
  providers: [
    RoomsService,
    RoomCache,
    RoomsResolver,
    ModerationLogService,
    ModerationService,
    ModerationResolver,
  ],
  exports: [RoomsService, ModerationLogService],
})
export class RoomsModule {}
