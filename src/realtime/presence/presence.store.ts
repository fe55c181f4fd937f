import type { Redis } from 'ioredis';

/**
 * Who is present in a room, shared by every instance: a set of members, each present until its
 * own expiry (a time in ms since the epoch). A member is `op:<userId>` (an operation on the room)
 * or `sub:<userId>:<instanceId>` (live subscriptions on one instance, renewed by its heartbeat).
 */
export abstract class PresenceStore {
  /**
   * `member` is present until `expiresAt`. Answers true when it was not present at `now`
   * (new or expired): someone came.
   */
  abstract mark(roomId: string, member: string, expiresAt: number, now: number): Promise<boolean>;
  /** Renews many members at once (a heartbeat). */
  abstract renew(
    entries: Array<{ roomId: string; member: string }>,
    expiresAt: number,
  ): Promise<void>;
  /** Answers true when `member` was present: someone went. */
  abstract unmark(roomId: string, member: string): Promise<boolean>;
  /** The members present at `now`. */
  abstract present(roomId: string, now: number): Promise<string[]>;
}

/**
 * The embedded default: one process, one map. A mark looks at its own member only (a room of
 * 10,000 participants is not scanned on every request of each); expired members are dropped where
 * the whole room is read (`present`) and on every heartbeat (`renew`).
 */
export class MemoryPresenceStore extends PresenceStore {
  private readonly rooms = new Map<string, Map<string, number>>();

  mark(roomId: string, member: string, expiresAt: number, now: number): Promise<boolean> {
    let members = this.rooms.get(roomId);
    if (!members) {
      members = new Map<string, number>();
      this.rooms.set(roomId, members);
    }
    const was = members.get(member);
    const absent = was === undefined || was <= now;
    members.set(member, absent ? expiresAt : Math.max(expiresAt, was));
    return Promise.resolve(absent);
  }

  renew(entries: Array<{ roomId: string; member: string }>, expiresAt: number): Promise<void> {
    // A heartbeat: rooms nobody reads again are let go here.
    const now = Date.now();
    for (const roomId of [...this.rooms.keys()]) this.prune(roomId, now);
    for (const { roomId, member } of entries) {
      const members = this.rooms.get(roomId) ?? new Map<string, number>();
      this.rooms.set(roomId, members);
      members.set(member, expiresAt);
    }
    return Promise.resolve();
  }

  unmark(roomId: string, member: string): Promise<boolean> {
    const members = this.rooms.get(roomId);
    const was = members?.delete(member) ?? false;
    if (members?.size === 0) this.rooms.delete(roomId);
    return Promise.resolve(was);
  }

  present(roomId: string, now: number): Promise<string[]> {
    return Promise.resolve([...(this.prune(roomId, now)?.keys() ?? [])]);
  }

  private prune(roomId: string, now: number): Map<string, number> | undefined {
    const members = this.rooms.get(roomId);
    if (!members) return undefined;
    for (const [member, expiresAt] of members) if (expiresAt <= now) members.delete(member);
    if (members.size === 0) this.rooms.delete(roomId);
    return members.size > 0 ? members : undefined;
  }
}

/**
 * At scale: one sorted set per room, scored by expiry. Expired members are dropped on every write;
 * the key itself expires a while after its last write, so rooms nobody visits leave nothing behind.
 */
export class RedisPresenceStore extends PresenceStore {
  constructor(
    private readonly redis: Redis,
    /** How long a room's key outlives its last write. */
    private readonly keyTtlMs: number,
  ) {
    super();
  }

  async mark(roomId: string, member: string, expiresAt: number, now: number): Promise<boolean> {
    const key = this.key(roomId);
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', now)
      .zadd(key, expiresAt, member)
      .pexpire(key, this.keyTtlMs)
      .exec();
    const [error, added] = results?.[1] ?? [new Error('The presence update was discarded')];
    if (error) throw error;
    return added === 1;
  }

  async renew(
    entries: Array<{ roomId: string; member: string }>,
    expiresAt: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { roomId, member } of entries) {
      pipeline.zadd(this.key(roomId), expiresAt, member).pexpire(this.key(roomId), this.keyTtlMs);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  async unmark(roomId: string, member: string): Promise<boolean> {
    return (await this.redis.zrem(this.key(roomId), member)) === 1;
  }

  present(roomId: string, now: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.key(roomId), `(${now}`, '+inf');
  }

  private key(roomId: string): string {
    return `presence:${roomId}`;
  }
}
