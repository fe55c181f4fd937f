import { Injectable } from '@nestjs/common';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import type { User } from './user.entity.js';

/** Users kept per instance; past it the cache starts over. */
const MAX_USERS = 10_000;

/**
 * Accounts by id, per instance, so `me` and the host lookups skip a database read. An account
 * changes only on a Spotify login (profile refresh) and on a ban: the instance that writes drops
 * its copy after the commit, the others on the userUpdated / userRevoked event (through Redis; a
 * profile can look one Redis round trip old on another instance). Used only while this instance
 * hears every event, emptied when the Redis subscriber drops; a read overtaken by a change (the
 * epoch) is not stored.
 */
@Injectable()
export class UserCache {
  private readonly users = new Map<string, User>();
  private epoch = 0;
  private listening = false;

  constructor(private readonly events: CacheEventsService) {
    this.events.onConnectivity({ lost: () => this.clear(), restored: () => this.clear() });
    // Not awaited: with Redis unreachable the subscription waits for it; nothing is stored until
    // it is in place.
    this.events
      .onUserChanged((userId) => this.invalidate(userId))
      .then(
        () => (this.listening = true),
        () => undefined,
      );
  }

  /** The cached account when this instance answers from memory, without waiting. */
  cached(id: string): User | undefined {
    return this.events.receivesEveryEvent() ? this.users.get(id) : undefined;
  }

  async get(id: string, load: () => Promise<User | null>): Promise<User | null> {
    const [user] = await this.getMany([id], async () => {
      const loaded = await load();
      return loaded ? [loaded] : [];
    });
    return user ?? null;
  }

  /** The cached accounts among `ids`, and one read (`loadMissing`) for the rest. */
  async getMany(
    ids: readonly string[],
    loadMissing: (ids: string[]) => Promise<User[]>,
  ): Promise<User[]> {
    if (!this.events.receivesEveryEvent()) return loadMissing([...ids]);
    const found: User[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.users.get(id);
      if (cached) found.push(cached);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const listening = this.listening;
    const epoch = this.epoch;
    const loaded = await loadMissing(missing);
    if (listening && epoch === this.epoch && this.events.receivesEveryEvent()) {
      if (this.users.size + loaded.length > MAX_USERS) this.users.clear();
      for (const user of loaded) this.users.set(user.id, user);
    }
    return [...found, ...loaded];
  }

  invalidate(id: string): void {
    this.epoch++;
    this.users.delete(id);
  }

  private clear(): void {
    this.epoch++;
    this.users.clear();
  }
}
