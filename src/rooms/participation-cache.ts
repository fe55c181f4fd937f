import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import type { Participant } from './participant.entity.js';

/** Rooms with cached participations per instance; past it the cache starts over. */
const MAX_ROOMS = 2000;

interface RoomEntry {
  /** Bumped by every change to the room's participations: a read started before is not stored. */
  epoch: number;
  /** Active participations read since the last change, by user id. */
  byUser: Map<string, Participant>;
  /** Whether this instance hears the room's roomUpdated and participantRemoved events yet. */
  listening: boolean;
  subscriptions: number[];
}

/**
 * Active participations cached per instance, so the checks on every vote and room read skip a
 * database read. Only active participations are kept (a refusal always reads the database).
 *
 * Invalidation: the instance that changes a participation (leave, removal, ban, role change)
 * drops the room's entries itself after the commit and before answering; other instances drop
 * them on the room's roomUpdated / participantRemoved events (through Redis). Between another
 * instance's commit and the event's arrival here (about a Redis round trip) a removed participant
 * can still pass the check on this instance. Entries are used only while this instance hears
 * every event (with Redis: while its subscriber connection is up); the cache empties when the
 * connection drops. A read is stored only if no change arrived while it ran (the epoch), so a
 * late invalidation cannot leave a removed participant cached.
 */
@Injectable()
export class ParticipationCache implements OnModuleDestroy {
  private readonly rooms = new Map<string, RoomEntry>();

  constructor(private readonly events: CacheEventsService) {
    this.events.onConnectivity({ lost: () => this.clear(), restored: () => this.clear() });
  }

  onModuleDestroy(): void {
    this.clear();
  }

  /** The cached active participation, or a read through `load` (stored when still current). */
  async get(
    roomId: string,
    userId: string,
    load: () => Promise<Participant | null>,
  ): Promise<Participant | null> {
    if (!this.events.receivesEveryEvent()) return load();
    const entry = this.entry(roomId);
    const cached = entry.byUser.get(userId);
    if (cached) return cached;
    // Stored only if this instance listened before the read began (never waiting for it: the
    // subscription may wait on Redis): a change committed after that point bumps the epoch.
    const listening = entry.listening;
    const epoch = entry.epoch;
    const participation = await load();
    if (
      participation &&
      listening &&
      this.rooms.get(roomId) === entry &&
      entry.epoch === epoch &&
      this.events.receivesEveryEvent()
    ) {
      entry.byUser.set(userId, participation);
    }
    return participation;
  }

  /** The room's participations changed (or may have): every cached one is dropped. */
  invalidate(roomId: string): void {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    entry.epoch++;
    entry.byUser.clear();
  }

  private entry(roomId: string): RoomEntry {
    const entry = this.rooms.get(roomId);
    if (entry) return entry;
    if (this.rooms.size >= MAX_ROOMS) this.clear();
    const created: RoomEntry = {
      epoch: 0,
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
      entry.byUser.clear();
      this.events.unsubscribe(entry.subscriptions);
    }
    this.rooms.clear();
  }
}
