import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RevocationsService } from '../users/revocations.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { ModerationActionType } from './moderation-action.enum.js';
import { ModerationLogService } from './moderation-log.service.js';
import type { ModerationActionModel } from './models/moderation-action.model.js';
import type { ParticipantModel } from './models/participant.model.js';
import { Participant } from './participant.entity.js';
import { Role } from './role.enum.js';
import type { Room } from './room.entity.js';
import { RoomsError, RoomsException } from './rooms.exception.js';
import { RoomsService } from './rooms.service.js';

/**
 * The host's powers over people: appointing co-hosts, removing and banning participants, and the
 * audit trail of it all. Who may do what:
 *  - the host: every action, on anyone but themself;
 *  - a co-host: removing participants whose role is GUEST (Spotify users or guests alike);
 *  - everyone else: nothing (FORBIDDEN).
 * Each action is recorded in the same transaction as the change, then pushed as a roomUpdated.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly rooms: RoomsService,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly log: ModerationLogService,
    private readonly revocations: RevocationsService,
  ) {}

  /** Host only: a participant becomes CO_HOST or GUEST again. HOST cannot be given. */
  async setRole(
    caller: AuthUser,
    code: string,
    userId: string,
    role: Role,
  ): Promise<ParticipantModel> {
    if (role === Role.HOST) throw new RoomsException(RoomsError.ROLE_NOT_ASSIGNABLE);
    const room = await this.rooms.getOpenForHost(code, caller);
    if (userId === room.hostId) throw new RoomsException(RoomsError.TARGET_IS_HOST);
    const target = await this.participants.findOne({
      where: { roomId: room.id, userId, leftAt: IsNull() },
      relations: { user: true },
    });
    if (!target) throw new RoomsException(RoomsError.PARTICIPANT_NOT_FOUND);
    if (target.role !== role) {
      await this.transactions.run(async (manager) => {
        await manager.update(Participant, { id: target.id, leftAt: IsNull() }, { role });
        await this.log.record(
          {
            roomId: room.id,
            actorId: caller.id,
            action: ModerationActionType.ROLE_CHANGED,
            targetUserId: userId,
            role,
          },
          manager,
        );
      });
      await this.rooms.publishRoom(room);
    }
    return { user: target.user!, role, joinedAt: target.joinedAt };
  }

  /**
   * The participant is out at once: their calls on the room are refused from the commit on, and
   * their live subscriptions to it end on every instance. With `ban` they cannot join again, and a
   * banned guest's session stops working altogether. Banning someone who already left is allowed.
   */
  async removeParticipant(
    caller: AuthUser,
    code: string,
    userId: string,
    ban: boolean,
  ): Promise<boolean> {
    const { room, role: callerRole } = await this.rooms.getForModerator(code, caller);
    if (userId === room.hostId) throw new RoomsException(RoomsError.TARGET_IS_HOST);
    const target = await this.participants.findOne({
      where: { roomId: room.id, userId },
      relations: { user: true },
    });
    const active = target?.leftAt === null;
    if (!target || (!active && !ban)) throw new RoomsException(RoomsError.PARTICIPANT_NOT_FOUND);
    if (callerRole !== Role.HOST && target.role !== Role.GUEST) {
      throw new RoomsException(RoomsError.GUESTS_ONLY);
    }
    await this.transactions.run(async (manager) => {
      await this.rooms.endParticipation(room.id, userId, { ban, manager });
      if (ban && target.user!.isGuest) await this.users.revoke(userId, manager);
      await this.log.record(
        {
          roomId: room.id,
          actorId: caller.id,
          action: ban
            ? ModerationActionType.PARTICIPANT_BANNED
            : ModerationActionType.PARTICIPANT_REMOVED,
          targetUserId: userId,
        },
        manager,
      );
    });
    if (ban && target.user!.isGuest) await this.revocations.markRevoked(userId);
    await this.rooms.publishParticipantRemoved(room.id, userId);
    return true;
  }

  /** Host only: the room's audit trail, newest first. */
  async moderationLog(
    caller: AuthUser,
    room: Pick<Room, 'id' | 'hostId'>,
  ): Promise<ModerationActionModel[]> {
    if (room.hostId !== caller.id) throw new RoomsException(RoomsError.HOST_ONLY);
    const actions = await this.log.list(room.id);
    const userIds = new Set<string>();
    for (const action of actions) {
      userIds.add(action.actorId);
      if (action.targetUserId) userIds.add(action.targetUserId);
    }
    const users = await this.users.findByIds([...userIds]);
    const byId = new Map<string, User>(users.map((u) => [u.id, u]));
    return actions.map((action) => ({
      id: action.id,
      action: action.action,
      actor: byId.get(action.actorId)!,
      target: (action.targetUserId && byId.get(action.targetUserId)) || null,
      trackUri: action.targetTrackUri,
      role: action.role,
      at: action.createdAt,
    }));
  }
}
