import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, QueryFailedError, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { CreateRoomInput } from './dto/create-room.input.js';
import { Participant } from './participant.entity.js';
import { Role } from './role.enum.js';
import { generateRoomCode, normaliseRoomCode } from './room-code.js';
import { RoomStatus } from './room-status.enum.js';
import { Room } from './room.entity.js';
import { RoomsError, RoomsException } from './rooms.exception.js';

const CODE_ATTEMPTS = 8;

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; message?: string };
  return driverError.code === '23505' || /UNIQUE constraint failed/.test(driverError.message ?? '');
}

/** Rooms and who takes part in them. Every rule about joining, leaving and hosting lives here. */
@Injectable()
export class RoomsService {
  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly events: RoomEventsService,
  ) {}

  async getByCode(code: string): Promise<Room> {
    const room = await this.rooms.findOneBy({ code: normaliseRoomCode(code) });
    if (!room) throw new RoomsException(RoomsError.ROOM_NOT_FOUND);
    return room;
  }

  getById(id: string): Promise<Room> {
    return this.rooms.findOneByOrFail({ id });
  }

  /** The room, if the caller takes part in it (guest sessions only in their own room). */
  async getForParticipant(code: string, caller: AuthUser): Promise<Room> {
    const room = await this.getByCode(code);
    await this.assertParticipant(room, caller);
    return room;
  }

  /** As getForParticipant, and the room must still be open. */
  async getOpenForParticipant(code: string, caller: AuthUser): Promise<Room> {
    const room = await this.getForParticipant(code, caller);
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    return room;
  }

  async getForHost(code: string, caller: AuthUser): Promise<Room> {
    const room = await this.getForParticipant(code, caller);
    if (room.hostId !== caller.id) throw new RoomsException(RoomsError.HOST_ONLY);
    return room;
  }

  async assertParticipant(room: Room, caller: AuthUser): Promise<void> {
    if (caller.isGuest && caller.roomId !== room.id) {
      throw new RoomsException(RoomsError.GUEST_WRONG_ROOM);
    }
    const active = await this.participants.existsBy({
      roomId: room.id,
      userId: caller.id,
      leftAt: IsNull(),
    });
    if (!active) throw new RoomsException(RoomsError.NOT_A_PARTICIPANT);
  }

  async create(caller: AuthUser, input: CreateRoomInput): Promise<Room> {
    const host = await this.requireSpotifyUser(caller);
    const name = input.name ?? `${host.displayName}'s party`.slice(0, 80);
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      try {
        return await this.transactions.run(async (manager) => {
          const room = await manager.save(
            manager.create(Room, {
              code: generateRoomCode(),
              name,
              hostId: host.id,
              likeThreshold: input.likeThreshold,
              status: RoomStatus.OPEN,
              // Millisecond timestamps from here: SQLite's own default has whole seconds only.
              createdAt: new Date(),
            }),
          );
          await manager.insert(Participant, {
            roomId: room.id,
            userId: host.id,
            role: Role.HOST,
            joinedAt: new Date(),
          });
          return room;
        });
      } catch (error) {
        // A code collision: the unique index said no, so draw another code.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new RoomsException(RoomsError.CODE_SPACE_EXHAUSTED);
  }

  /** Idempotent: a second join keeps the one participation (and rejoins after leaving). */
  async join(caller: AuthUser, code: string): Promise<Room> {
    const room = await this.getByCode(code);
    if (caller.isGuest && caller.roomId !== room.id) {
      throw new RoomsException(RoomsError.GUEST_WRONG_ROOM);
    }
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const changed = await this.addParticipant(room.id, caller.id, Role.GUEST);
    if (changed) await this.publishRoom(room);
    return room;
  }

  /** Creates a guest account and its participation in one go. */
  async joinAsGuest(code: string, displayName: string): Promise<{ room: Room; guest: User }> {
    const room = await this.getByCode(code);
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const guest = await this.users.createGuest(displayName);
    await this.addParticipant(room.id, guest.id, Role.GUEST);
    await this.publishRoom(room);
    return { room, guest };
  }

  async leave(caller: AuthUser, code: string): Promise<boolean> {
    const room = await this.getForParticipant(code, caller);
    if (room.hostId === caller.id) throw new RoomsException(RoomsError.HOST_CANNOT_LEAVE);
    await this.participants.update(
      { roomId: room.id, userId: caller.id, leftAt: IsNull() },
      { leftAt: new Date() },
    );
    await this.publishRoom(room);
    return true;
  }

  async update(
    caller: AuthUser,
    code: string,
    changes: { likeThreshold?: number; name?: string; fallbackPlaylistUri?: string | null },
  ): Promise<Room> {
    const room = await this.getForHost(code, caller);
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const patch: Partial<Room> = {};
    if (changes.likeThreshold !== undefined) patch.likeThreshold = changes.likeThreshold;
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.fallbackPlaylistUri !== undefined) {
      patch.fallbackPlaylistUri = changes.fallbackPlaylistUri;
    }
    if (Object.keys(patch).length > 0) await this.rooms.update({ id: room.id }, patch);
    const updated = await this.getById(room.id);
    await this.publishRoom(updated);
    return updated;
  }

  /** Sets the room's fallback playlist (startParty's argument); null clears it. */
  async setFallbackPlaylist(roomId: string, uri: string | null): Promise<void> {
    await this.rooms.update({ id: roomId }, { fallbackPlaylistUri: uri });
  }

  async close(caller: AuthUser, code: string): Promise<Room> {
    const room = await this.getForHost(code, caller);
    if (room.status !== RoomStatus.CLOSED) {
      await this.rooms.update({ id: room.id }, { status: RoomStatus.CLOSED });
    }
    const closed = await this.getById(room.id);
    await this.publishRoom(closed);
    return closed;
  }

  /** Rooms the caller hosts or has joined and not left, newest first. */
  myRooms(caller: AuthUser): Promise<Room[]> {
    return this.rooms
      .createQueryBuilder('room')
      .innerJoin(
        Participant,
        'p',
        'p.roomId = room.id AND p.userId = :userId AND p.leftAt IS NULL',
        { userId: caller.id },
      )
      .orderBy('room.createdAt', 'DESC')
      .addOrderBy('room.id', 'DESC')
      .getMany();
  }

  /** Active participants with their users, oldest first. */
  listParticipants(roomId: string): Promise<Participant[]> {
    return this.participants.find({
      where: { roomId, leftAt: IsNull() },
      relations: { user: true },
      order: { joinedAt: 'ASC', id: 'ASC' },
    });
  }

  /** Active participants with a Spotify account, with their users. */
  listSpotifyLinkedParticipants(roomId: string): Promise<Participant[]> {
    return this.participants
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.user', 'u')
      .where('p.roomId = :roomId AND p.leftAt IS NULL AND u.spotifyId IS NOT NULL', { roomId })
      .getMany();
  }

  countParticipants(roomId: string): Promise<number> {
    return this.participants.countBy({ roomId, leftAt: IsNull() });
  }

  async requireSpotifyUser(caller: AuthUser): Promise<User> {
    if (caller.isGuest) throw new RoomsException(RoomsError.SPOTIFY_ACCOUNT_REQUIRED);
    const user = await this.users.getById(caller.id);
    if (!user.spotifyId) throw new RoomsException(RoomsError.SPOTIFY_ACCOUNT_REQUIRED);
    return user;
  }

  async publishRoom(room: Room): Promise<void> {
    await this.events.publishRoomUpdated(room);
  }

  /** Returns true when a participation was created or revived (false: already there). */
  private async addParticipant(roomId: string, userId: string, role: Role): Promise<boolean> {
    const existing = await this.participants.findOneBy({ roomId, userId });
    if (!existing) {
      // orIgnore: two concurrent joins of the same user keep one row (unique index).
      await this.participants
        .createQueryBuilder()
        .insert()
        .values({ roomId, userId, role, joinedAt: new Date() })
        .orIgnore()
        .execute();
      return true;
    }
    if (existing.leftAt === null) return false;
    const revived = await this.participants.update(
      { id: existing.id, leftAt: Not(IsNull()) },
      { leftAt: null },
    );
    return (revived.affected ?? 0) > 0;
  }
}
