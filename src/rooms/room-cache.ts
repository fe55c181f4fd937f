import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import type { Participant } from './participant.entity.js';
import { Room } from './room.entity.js';

/** A row of its own for each caller: the cached one is never handed out to be changed. */
const copyOf = (row: Room | null): Room => Object.assign(new Room(), row);

/** Rooms cached per instance; past it the cache starts over. */
const MAX_ROOMS = 2000;

interface RoomEntry {
  /** Bumped by every change to the room: a read started before is not stored. */
  epoch: number;
  /** The room's row as read since the last change (its voteSeq is not kept current). */
  row: Room | null;
  /** Active participations read since the last change, by user id. */
  byUser: Map<string, Participant>;
  /** Whether this instance hears the room's roomUpdated and participantRemoved events yet. */
  listening: boolean;
  subscriptions: number[];
}

/**
 * Per instance and room: the room's row and the active participations already checked, so the
 * checks on every vote and the `room` query skip a database read. Only what exists is kept (a
 * refusal, an unknown room, always reads the database).
 *
 * Invalidation: every change to a room's row or participations is followed by the room's
 * roomUpdated or participantRemoved event (RoomsService.publishRoom and publishParticipantRemoved;
 * a playback transition publishes the room too). The instance that changes the room drops its
 * entry itself after the commit and before answering; other instances drop it on the event
 * (through Redis). Between another instance's commit and the event's arrival here (about a Redis
 * round trip) this instance can still answer what was true before. The one column that changes
 * without an event is the vote sequence, which the cached row does not promise: whoever needs it
 * reads the room itself. Entries are used only while this instance hears every event (with Redis:
 * while its subscriber connection is up); the cache empties when the connection drops. A read is
 * stored only if no change arrived while it ran (the epoch), so a late invalidation cannot leave
 * stale state cached.
 */
@Injectable()
export class RoomCache implements OnModuleDestroy {
  private readonly rooms = new Map<string, RoomEntry>();

  constructor(private readonly events: CacheEventsService) {
    this.events.onConnectivity({ lost: () => this.clear(), restored: () => this.clear() });
  }

  onModuleDestroy(): void {
    this.clear();
  }

  /** The cached active participation, or a read through `load` (stored when still current). */
  participation(
    roomId: string,
    userId: string,
    load: () => Promise<Participant | null>,
  ): Promise<Participant | null> {
    return this.readThrough(
      roomId,
      (entry) => entry.byUser.get(userId),
      load,
      (entry, participation) => entry.byUser.set(userId, participation),
    );
  }

  /** The cached active participation when this instance answers from memory, without waiting. */
  cachedParticipation(roomId: string, userId: string): Participant | undefined {
    if (!this.events.receivesEveryEvent()) return undefined;
    return this.rooms.get(roomId)?.byUser.get(userId);
  }

  /** A copy of the cached row when this instance answers from memory, without waiting. */
  cachedRoom(roomId: string): Room | undefined {
    if (!this.events.receivesEveryEvent()) return undefined;
    const row = this.rooms.get(roomId)?.row;
    return row ? copyOf(row) : undefined;
  }

  /**
   * The room's row, or a read through `load` (stored when still current). Each caller gets its
   * own copy: the cached one is never handed out to be changed.
   */
  async room(roomId: string, load: () => Promise<Room>): Promise<Room> {
    const row = await this.readThrough(
      roomId,
      (entry) => entry.row ?? undefined,
      load,
      (entry, read) => (entry.row = copyOf(read)),
    );
    return copyOf(row);
  }

  /** The room changed (or may have): its cached row and participations are dropped. */
  invalidate(roomId: string): void {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    entry.epoch++;
    entry.row = null;
    entry.byUser.clear();
  }

  private async readThrough<T>(
    roomId: string,
    cached: (entry: RoomEntry) => T | undefined,
    load: () => Promise<T | null>,
    store: (entry: RoomEntry, value: T) => void,
  ): Promise<T | null> {
    if (!this.events.receivesEveryEvent()) return load();
    const entry = this.entry(roomId);
    const hit = cached(entry);
    if (hit !== undefined) return hit;
    // Stored only if this instance listened before the read began (never waiting for it: the
    // subscription may wait on Redis): a change committed after that point bumps the epoch.
    const listening = entry.listening;
    const epoch = entry.epoch;
    const value = await load();
    if (
      value !== null &&
      listening &&
      this.rooms.get(roomId) === entry &&
      entry.epoch === epoch &&
      this.events.receivesEveryEvent()
    ) {
      store(entry, value);
    }
    return value;
  }

  private entry(roomId: string): RoomEntry {
    const entry = this.rooms.get(roomId);
    if (entry) return entry;
    if (this.rooms.size >= MAX_ROOMS) this.clear();
    const created: RoomEntry = {
      epoch: 0,
      row: null,
      byUser: new Map(),
      subscriptions: [],
      listening: false,
    };
    this.events
      .onRoomChanged(roomId, () => this.invalidate(roomId))
      .then(
        (ids) => {
          created.subscriptions.push(...ids);
          // Dropped meanwhile (clear()): let go of the subscriptions just made.
          if (this.rooms.get(roomId) !== created) this.events.unsubscribe(ids);
          else created.listening = true;
        },
        () => undefined,
      );
    this.rooms.set(roomId, created);
    return created;
  }

  private clear(): void {
    for (const entry of this.rooms.values()) {
      entry.epoch++;
      entry.row = null;
      entry.byUser.clear();
      this.events.unsubscribe(entry.subscriptions);
    }
    this.rooms.clear();
  }
}
