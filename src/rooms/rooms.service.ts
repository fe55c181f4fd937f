import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { RawSql } from '../database/raw-sql.js';
import { IsNull, Not, QueryFailedError, Repository, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { PresenceService } from '../realtime/presence/presence.service.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { CreateRoomInput } from './dto/create-room.input.js';
import { ModerationActionType } from './moderation-action.enum.js';
import { ModerationLogService } from './moderation-log.service.js';
import { Participant } from './participant.entity.js';
import { RoomCache } from './room-cache.js';
import { lockOpenRoom } from './room-lock.js';
import { Role } from './role.enum.js';
import { generateRoomCode, normaliseRoomCode } from './room-code.js';
import { RoomStatus } from './room-status.enum.js';
import { Room } from './room.entity.js';
import { RoomsError, RoomsException } from './rooms.exception.js';

const CODE_ATTEMPTS = 8;

/**
 * Writes a change of the room's guardrails (`write`, in a transaction it opens) and applies them
 * to the room's tracks in the same transaction. The tracks module provides it (useGuardrails).
 */
export type GuardrailsWriter = (
  room: Room,
  actorId: string,
  write: (manager: EntityManager) => Promise<void>,
) => Promise<void>;

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; message?: string };
  return driverError.code === '23505' || /UNIQUE constraint failed/.test(driverError.message ?? '');
}

/** A guest session belongs to one room and may act in no other. */
function isGuestOfAnotherRoom(caller: AuthUser, roomId: string): boolean {
  return caller.isGuest && caller.roomId !== roomId;
}

/** Rooms and who takes part in them. Every rule about joining, leaving and hosting lives here. */
@Injectable()
export class RoomsService {
  /** Room ids by code, per instance (see getRefForParticipant). */
  private readonly idsByCode = new LRUCache<string, string>({ max: 10_000 });
  private guardrailsWriter?: GuardrailsWriter;

  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly events: RoomEventsService,
    private readonly moderationLog: ModerationLogService,
    private readonly roomCache: RoomCache,
    private readonly presence: PresenceService,
    private readonly raw: RawSql,
  ) {}

  /** Every room operation starts here: one plain statement (TypeORM's find costs more than it). */
  getByCode(code: string): Promise<Room> {
    return this.readRoom('code', normaliseRoomCode(code));
  }

  getById(id: string): Promise<Room> {
    return this.readRoom('id', id);
  }

  private async readRoom(column: 'code' | 'id', value: string): Promise<Room> {
    const [row] = await this.raw.rows(
      this.rooms.manager,
      `SELECT * FROM "rooms" WHERE "${column}" = ?`,
      [value],
    );
    if (!row) throw new RoomsException(RoomsError.ROOM_NOT_FOUND);
    return this.raw.hydrate(this.rooms.manager, Room, row);
  }

  /**
   * The room as the API shows it, if the caller takes part in it, from this instance's cache
   * when it has it (RoomCache: current but for its voteSeq). For reads; a change reads the room
   * itself (getForParticipant, getForHost).
   */
  viewForParticipant(code: string, caller: AuthUser): Room | Promise<Room> {
    // All from memory, the common case, answers without a promise: the checks are the same as
    // getRefForParticipant's, and a miss of any part takes the path that reads.
    const id = this.idsByCode.get(normaliseRoomCode(code));
    if (id !== undefined && !isGuestOfAnotherRoom(caller, id)) {
      const room =
        this.roomCache.cachedParticipation(id, caller.id) && this.roomCache.cachedRoom(id);
      if (room) {
        this.presence.touch(id, caller.id);
        return room;
      }
    }
    return this.readViewForParticipant(code, caller);
  }

  private async readViewForParticipant(code: string, caller: AuthUser): Promise<Room> {
    const { id } = await this.getRefForParticipant(code, caller);
    return this.roomCache.room(id, () => this.getById(id));
  }

  /**
   * Right after a change to the room's row has committed, before anything else is awaited: this
   * instance stops answering from its cached copy. The room's event that follows tells the others.
   */
  changed(roomId: string): void {
    this.roomCache.invalidate(roomId);
  }

  /** The room, if the caller takes part in it (guest sessions only in their own room). */
  async getForParticipant(code: string, caller: AuthUser): Promise<Room> {
    const room = await this.getByCode(code);
    await this.assertParticipant(room, caller);
    return room;
  }

  /**
   * The room's id and code, if the caller takes part in it, without reading its row when this
   * instance has seen the code: codes never change and rooms are never deleted. For a caller that
   * reads the row itself (a vote does, under the room's lock).
   */
  async getRefForParticipant(
    code: string,
    caller: AuthUser,
  ): Promise<{ id: string; code: string }> {
    const normalised = normaliseRoomCode(code);
    let id = this.idsByCode.get(normalised);
    if (id === undefined) {
      id = (await this.getByCode(normalised)).id;
      this.idsByCode.set(normalised, id);
    }
    await this.getParticipation({ id }, caller);
    return { id, code: normalised };
  }

  /** As getForParticipant, and the room must still be open. */
  async getOpenForParticipant(code: string, caller: AuthUser): Promise<Room> {
    return assertOpen(await this.getForParticipant(code, caller));
  }

  async getForHost(code: string, caller: AuthUser): Promise<Room> {
    const room = await this.getForParticipant(code, caller);
    if (room.hostId !== caller.id) throw new RoomsException(RoomsError.HOST_ONLY);
    return room;
  }

  /** As getForHost, and the room must still be open: what changes a party asks first. */
  async getOpenForHost(code: string, caller: AuthUser): Promise<Room> {
    return assertOpen(await this.getForHost(code, caller));
  }

  /** As getForModerator, and the room must still be open. */
  async getOpenForModerator(code: string, caller: AuthUser): Promise<{ room: Room; role: Role }> {
    const found = await this.getForModerator(code, caller);
    assertOpen(found.room);
    return found;
  }

  /** The room and the caller's role in it, if the caller is its host or one of its co-hosts. */
  async getForModerator(code: string, caller: AuthUser): Promise<{ room: Room; role: Role }> {
    const room = await this.getByCode(code);
    const { role } = await this.getParticipation(room, caller);
    if (role !== Role.HOST && role !== Role.CO_HOST) {
      throw new RoomsException(RoomsError.MODERATORS_ONLY);
    }
    return { room, role };
  }

  async assertParticipant(room: Room, caller: AuthUser): Promise<void> {
    await this.getParticipation(room, caller);
  }

  /** The caller's active participation (guest sessions only in their own room). */
  async getParticipation(room: Pick<Room, 'id'>, caller: AuthUser): Promise<Participant> {
    if (isGuestOfAnotherRoom(caller, room.id)) {
      throw new RoomsException(RoomsError.GUEST_WRONG_ROOM);
    }
    const participation = await this.roomCache.participation(room.id, caller.id, () =>
      this.participants.findOneBy({ roomId: room.id, userId: caller.id, leftAt: IsNull() }),
    );
    if (!participation) throw new RoomsException(RoomsError.NOT_A_PARTICIPANT);
    // Every operation of a participant on the room passes here: it keeps them active.
    this.presence.touch(room.id, caller.id);
    return participation;
  }

  /** Whether the caller is the room's host or a co-host of it, without throwing. */
  async isModerator(roomId: string, userId: string): Promise<boolean> {
    const participation = await this.participants.findOneBy({ roomId, userId, leftAt: IsNull() });
    return participation?.role === Role.HOST || participation?.role === Role.CO_HOST;
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

  /**
   * Idempotent: a second join keeps the one participation (and rejoins after leaving or a removal
   * without ban). A banned user cannot come back; a guest session cannot rejoin a locked room.
   */
  async join(caller: AuthUser, code: string): Promise<Room> {
    const room = await this.getByCode(code);
    if (isGuestOfAnotherRoom(caller, room.id)) {
      throw new RoomsException(RoomsError.GUEST_WRONG_ROOM);
    }
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const existing = await this.participants.findOneBy({ roomId: room.id, userId: caller.id });
    if (existing?.bannedAt) throw new RoomsException(RoomsError.BANNED);
    if (room.locked && caller.isGuest && existing?.leftAt !== null) {
      throw new RoomsException(RoomsError.ROOM_LOCKED);
    }
    const changed = await this.addParticipant(room.id, caller.id, Role.GUEST);
    const joined = await this.arrived(room.id, caller.id);
    if (changed) await this.publishRoom(joined);
    return joined;
  }

  /** Creates a guest account and its participation in one go. */
  async joinAsGuest(code: string, displayName: string): Promise<{ room: Room; guest: User }> {
    const room = await this.getByCode(code);
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    if (room.locked) throw new RoomsException(RoomsError.ROOM_LOCKED);
    const guest = await this.users.createGuest(displayName);
    await this.addParticipant(room.id, guest.id, Role.GUEST);
    const joined = await this.arrived(room.id, guest.id);
    await this.publishRoom(joined);
    return { room: joined, guest };
  }

  /**
   * The joiner counts from now, and the threshold in force follows before the join answers:
   * the room as it is then, so that its threshold matches the count it shows.
   */
  private async arrived(roomId: string, userId: string): Promise<Room> {
    await this.presence.arrive(roomId, userId);
    return this.getById(roomId);
  }

  async leave(caller: AuthUser, code: string): Promise<boolean> {
    const room = await this.getForParticipant(code, caller);
    if (room.hostId === caller.id) throw new RoomsException(RoomsError.HOST_CANNOT_LEAVE);
    await this.endParticipation(room.id, caller.id);
    await this.publishParticipantRemoved(room.id, caller.id);
    return true;
  }

  /**
   * The user is out of the room (left or removed): the participation ends, a co-host's role goes
   * with it, and their live subscriptions to the room end on every instance.
   */
  async endParticipation(
    roomId: string,
    userId: string,
    options: { ban?: boolean; manager?: EntityManager } = {},
  ): Promise<void> {
    const participants = options.manager?.getRepository(Participant) ?? this.participants;
    this.roomCache.invalidate(roomId);
    const now = new Date();
    await participants.update(
      { roomId, userId, leftAt: IsNull() },
      { leftAt: now, role: Role.GUEST },
    );
    if (options.ban) await participants.update({ roomId, userId }, { bannedAt: now });
  }

  /**
   * Inside the caller's transaction: takes the room's row lock (PostgreSQL), the one votes take
   * first, so changes to the room's tracks are ordered with its votes. SQLite runs one
   * transaction at a time anyway.
   */
  async lockRow(manager: EntityManager, roomId: string): Promise<void> {
    await this.lockAndRead(manager, roomId);
  }

  /**
   * As lockRow, and answers the room's row as it is under the lock (the settings in force). The
   * one lock of the room's row (lockOpenRoom): a room closed meanwhile takes no change.
   */
  async lockAndRead(manager: EntityManager, roomId: string): Promise<Room> {
    const room = await lockOpenRoom(this.raw, manager, roomId);
    if (!room) throw new RoomsException(RoomsError.ROOM_CLOSED);
    return room;
  }

  /** Inside the caller's transaction: the track no longer plays for the room, if it did. */
  async clearNowPlaying(manager: EntityManager, roomId: string, trackId: string): Promise<void> {
    await manager.update(
      Room,
      { id: roomId, nowPlayingTrackId: trackId },
      { nowPlayingTrackId: null },
    );
  }

  /**
   * After the participation ended has committed: ends the user's subscriptions everywhere, they
   * no longer count as active (a threshold that follows the crowd may fall, before this settles),
   * and the room is pushed as it is then, its threshold matching its count.
   */
  async publishParticipantRemoved(roomId: string, userId: string): Promise<void> {
    // This instance forgets the participation before answering; others on the event.
    this.roomCache.invalidate(roomId);
    await this.events.publishParticipantRemoved(roomId, userId);
    await this.presence.forget(roomId, userId);
    await this.presence.changed(roomId);
    await this.publishRoom(await this.getById(roomId));
  }

  /**
   * Participants (host included) active in the room now: a live subscription on any instance, or
   * an operation on it within the presence window. `partial: false` refuses (throws) rather than
   * count only this instance's own while the shared presence store is down.
   */
  async countActiveParticipants(
    roomId: string,
    { manager, partial = true }: { manager?: EntityManager; partial?: boolean } = {},
  ): Promise<number> {
    const participants = manager?.getRepository(Participant) ?? this.participants;
    const [active, current] = await Promise.all([
      this.presence.activeUserIds(roomId, { partial }),
      participants.find({ select: { userId: true }, where: { roomId, leftAt: IsNull() } }),
    ]);
    return current.filter(({ userId }) => active.has(userId)).length;
  }

  /** Whether the room's like threshold follows the crowd (likeShare is set). */
  async followsCrowd(roomId: string): Promise<boolean> {
    return this.rooms.existsBy({ id: roomId, likeShare: Not(IsNull()) });
  }

  /** Open rooms whose like threshold follows the crowd. */
  findFollowingCrowd(): Promise<Array<Pick<Room, 'id' | 'likeShare' | 'crowdLikeThreshold'>>> {
    return this.rooms.find({
      select: { id: true, likeShare: true, crowdLikeThreshold: true },
      where: { status: RoomStatus.OPEN, likeShare: Not(IsNull()) },
    });
  }

  async update(
    caller: AuthUser,
    code: string,
    changes: {
      likeThreshold?: number;
      name?: string;
      locked?: boolean;
      fallbackPlaylistUri?: string | null;
      skipThreshold?: number | null;
      likeShare?: number | null;
      maxQueuedPerParticipant?: number | null;
      explicitAllowed?: boolean;
      maxTrackSeconds?: number | null;
      maxPerArtist?: number | null;
    },
  ): Promise<Room> {
    const room = await this.getOpenForHost(code, caller);
    const patch: Partial<Room> = {};
    if (changes.likeThreshold !== undefined) patch.likeThreshold = changes.likeThreshold;
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.fallbackPlaylistUri !== undefined) {
      patch.fallbackPlaylistUri = changes.fallbackPlaylistUri;
    }
    // Left out (undefined) keeps the setting; an explicit null clears it.
    if (changes.skipThreshold !== undefined) patch.skipThreshold = changes.skipThreshold;
    if (changes.likeShare !== undefined) patch.likeShare = changes.likeShare;
    // Without likeShare the room's own threshold is in force from this commit on.
    const likeShare = changes.likeShare === undefined ? room.likeShare : changes.likeShare;
    if (likeShare === null && room.crowdLikeThreshold !== null) {
      patch.crowdLikeThreshold = null;
    }
    if (changes.maxQueuedPerParticipant !== undefined) {
      patch.maxQueuedPerParticipant = changes.maxQueuedPerParticipant;
    }
    // Only a rule that changes is applied: a settings form sends every rule with each save, and
    // applying one may ask Spotify about the waiting tracks.
    const guardrails = (['explicitAllowed', 'maxTrackSeconds', 'maxPerArtist'] as const).filter(
      (setting) => changes[setting] !== undefined && changes[setting] !== room[setting],
    );
    for (const setting of guardrails) Object.assign(patch, { [setting]: changes[setting] });
    const lockChanges = changes.locked !== undefined && changes.locked !== room.locked;
    if (lockChanges) patch.locked = changes.locked;
    if (Object.keys(patch).length > 0) {
      const write = async (manager: EntityManager) => {
        // Under the room's lock: a party closed since the check above (on another phone) takes
        // none of these settings.
        await this.lockAndRead(manager, room.id);
        await manager.update(Room, { id: room.id }, patch);
        if (lockChanges) {
          await this.moderationLog.record(
            {
              roomId: room.id,
              actorId: caller.id,
              action: changes.locked
                ? ModerationActionType.ROOM_LOCKED
                : ModerationActionType.ROOM_UNLOCKED,
            },
            manager,
          );
        }
      };
      // Setting a guardrail removes the waiting tracks that break it, in the same transaction.
      if (guardrails.length > 0 && this.guardrailsWriter) {
        await this.guardrailsWriter({ ...room, ...patch }, caller.id, write);
      } else {
        await this.transactions.run(write);
      }
      this.changed(room.id);
      // The threshold in force follows: a lower one promotes the QUEUED tracks that reach it.
      if (changes.likeThreshold !== undefined || changes.likeShare !== undefined) {
        await this.presence.changed(room.id, 'settings');
      }
    }
    const updated = await this.getById(room.id);
    await this.publishRoom(updated);
    return updated;
  }

  /** The tracks module applies guardrails as updateRoom sets them (it depends on this module). */
  useGuardrails(writer: GuardrailsWriter): void {
    this.guardrailsWriter = writer;
  }

  /** Sets the room's fallback playlist (startParty's argument); null clears it. */
  async setFallbackPlaylist(room: Room, uri: string | null): Promise<void> {
    if (room.fallbackPlaylistUri === uri) return;
    await this.rooms.update({ id: room.id }, { fallbackPlaylistUri: uri });
    await this.publishRoom(await this.getById(room.id));
  }

  async close(caller: AuthUser, code: string): Promise<Room> {
    const room = await this.getForHost(code, caller);
    if (room.status !== RoomStatus.CLOSED) {
      await this.rooms.update({ id: room.id }, { status: RoomStatus.CLOSED });
      this.changed(room.id);
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
    this.roomCache.invalidate(room.id);
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

/** The room, if it is still open; CONFLICT (ROOM_CLOSED) once closed. */
function assertOpen(room: Room): Room {
  if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
  return room;
}
