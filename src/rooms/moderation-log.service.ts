import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ModerationAction } from './moderation-action.entity.js';
import type { ModerationActionType } from './moderation-action.enum.js';
import type { Role } from './role.enum.js';

export interface ModerationEntry {
  roomId: string;
  actorId: string;
  action: ModerationActionType;
  targetUserId?: string | null;
  targetTrackUri?: string | null;
  role?: Role | null;
}

/** The audit trail of a room: every moderation action, written with the change it records. */
@Injectable()
export class ModerationLogService {
  constructor(
    @InjectRepository(ModerationAction) private readonly actions: Repository<ModerationAction>,
  ) {}

  /** Inside the caller's transaction when given, so the change and its record commit together. */
  async record(entry: ModerationEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(ModerationAction) : this.actions;
    await repository.insert({
      roomId: entry.roomId,
      actorId: entry.actorId,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      targetTrackUri: entry.targetTrackUri ?? null,
      role: entry.role ?? null,
      // Millisecond timestamps from here: SQLite's own default has whole seconds only.
      createdAt: new Date(),
    });
  }

  /** Newest first. */
  list(roomId: string): Promise<ModerationAction[]> {
    return this.actions.find({
      where: { roomId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }
}
