import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { KeyedSerialQueue } from '../../common/concurrency/keyed-serial-queue.js';
import { AppConfig } from '../../config/app-config.js';
import { PresenceStore } from './presence.store.js';

/**
 * Why a room is looked at again: who is active changed (`presence`), or what the count means
 * did (`settings`: the room's threshold settings).
 */
export type PresenceCause = 'presence' | 'settings';

/** Re-derives what depends on who counts in a room (the like threshold in force). */
export type PresenceListener = (roomId: string, cause: PresenceCause) => Promise<void>;

const opMember = (userId: string) => `op:${userId}`;
const userOf = (member: string) => member.split(':')[1];

/**
 * Who is active in a room, across all instances: a participant with a live subscription to the
 * room on any instance, or who called an operation on it within the window (10 minutes by
 * default). A dropped phone's socket is closed by the WebSocket keep-alive (within ~20 s); when
 * a user's last subscription on an instance ends, their operation mark goes too, so the phone
 * stops counting then. This instance's subscription marks are renewed by a heartbeat and expire
 * three heartbeats after it stops (a crashed instance's subscribers fade within a minute, unless
 * they called an operation within the window).
 *
 * The store is shared (Redis at scale, memory on the embedded default); what was written is
 * always read back from it, so every instance counts the same people.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  private readonly instanceId = randomUUID();
  /** This instance's live subscriptions: room → user → how many. */
  private readonly subscriptions = new Map<string, Map<string, number>>();
  /**
   * When this instance last wrote a user's operation mark: room → user → ms. Keyed by the ids
   * themselves (strings the caches hold, their hashes known), not by a new string per request.
   */
  private readonly touched = new Map<string, Map<string, number>>();
  /** Subscription marks are written and removed in order, per room and user. */
  private readonly writes = new KeyedSerialQueue<string>();
  private readonly listeners: PresenceListener[] = [];
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly store: PresenceStore,
    private readonly config: AppConfig,
  ) {}

  private get settings() {
    return this.config.presence;
  }

  onApplicationBootstrap(): void {
    this.heartbeat = setInterval(() => void this.renew(), this.settings.heartbeatMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
  }

  /** `listener` runs after every change of who is active in a room (and on `changed`). */
  onChange(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  /**
   * Who counts in the room, or what the count means, changed: listeners re-derive, and the
   * returned promise settles when they did. Never rejects.
   */
  async changed(roomId: string, cause: PresenceCause = 'presence'): Promise<void> {
    for (const listener of this.listeners) {
      await listener(roomId, cause).catch((error: unknown) =>
        this.logger.warn(`Room ${roomId}: reacting to presence failed: ${String(error)}`),
      );
    }
  }

  /** The user called an operation on the room: active for the window from now. Never waits. */
  touch(roomId: string, userId: string): void {
    const now = Date.now();
    const last = this.touched.get(roomId)?.get(userId);
    // Within a fraction of the window the mark is still fresh: no write per request.
    if (last !== undefined && now - last < this.settings.touchEveryMs) return;
    this.touchedAt(roomId, userId, now);
    this.store
      .mark(roomId, opMember(userId), now + this.settings.windowMs, now)
      .then((came) => (came ? this.changed(roomId) : undefined))
      .catch((error: unknown) => this.storeFailed(error));
  }

  /**
   * The user joined the room: active from now, as after an operation, and what depends on who
   * counts (the like threshold in force) is derived again before this settles, so the join's
   * answer already shows it. Never rejects: while the store is down the sweep catches up.
   */
  async arrive(roomId: string, userId: string): Promise<void> {
    const now = Date.now();
    this.touchedAt(roomId, userId, now);
    try {
      await this.store.mark(roomId, opMember(userId), now + this.settings.windowMs, now);
    } catch (error) {
      this.storeFailed(error);
    }
    await this.changed(roomId);
  }

  /**
   * A subscription of the user to the room started on this instance. Answers the function that
   * ends it (call it once, when the subscription ends).
   */
  enter(roomId: string, userId: string): () => void {
    const users = this.subscriptions.get(roomId) ?? new Map<string, number>();
    this.subscriptions.set(roomId, users);
    const count = (users.get(userId) ?? 0) + 1;
    users.set(userId, count);
    if (count === 1) this.writeSubscription(roomId, userId, true);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (users.get(userId) ?? 1) - 1;
      if (left > 0) {
        users.set(userId, left);
        return;
      }
      users.delete(userId);
      if (users.size === 0 && this.subscriptions.get(roomId) === users) {
        this.subscriptions.delete(roomId);
      }
      this.writeSubscription(roomId, userId, false);
    };
  }

  /** The user left the room or was removed: their operations no longer count. */
  async forget(roomId: string, userId: string): Promise<void> {
    await this.dropOperations(roomId, userId).catch((error) => this.storeFailed(error));
  }

  /**
   * The ids of the users active in the room now, on every instance. While the shared store is
   * down this instance can only count what it knows itself: with `partial: false` that is an
   * error instead (a threshold must not fall because Redis is unreachable).
   */
  async activeUserIds(roomId: string, { partial = true } = {}): Promise<Set<string>> {
    try {
      return new Set((await this.store.present(roomId, Date.now())).map(userOf));
    } catch (error) {
      if (!partial) throw error;
      this.storeFailed(error);
      return this.locallyActive(roomId);
    }
  }

  private writeSubscription(roomId: string, userId: string, entering: boolean): void {
    const member = this.subscriptionMember(userId);
    void this.writes
      .run(`${roomId} ${userId}`, async () => {
        const now = Date.now();
        // Still wanted? A quick enter-and-leave must not leave a mark behind, nor the reverse.
        const live = (this.subscriptions.get(roomId)?.get(userId) ?? 0) > 0;
        if (live !== entering) return;
        const changed = entering
          ? await this.store.mark(roomId, member, now + this.settings.subscriptionTtlMs, now)
          : await this.leave(roomId, userId, member);
        if (changed) await this.changed(roomId);
      })
      .catch((error: unknown) => this.storeFailed(error));
  }

  /**
   * The user's last subscription here ended (unsubscribed, or the socket closed or was dropped by
   * the keep-alive): their phone left, and their earlier operations leave with it, so a dropped
   * phone stops counting at once rather than at the end of the window. Their subscriptions on
   * other instances, and any operation from now on, count again.
   */
  private async leave(roomId: string, userId: string, member: string): Promise<boolean> {
    const [subscribed, operated] = await Promise.all([
      this.store.unmark(roomId, member),
      this.dropOperations(roomId, userId),
    ]);
    return subscribed || operated;
  }

  /** The user's operations on the room stop counting; answers whether they counted. */
  private dropOperations(roomId: string, userId: string): Promise<boolean> {
    const users = this.touched.get(roomId);
    users?.delete(userId);
    if (users?.size === 0) this.touched.delete(roomId);
    return this.store.unmark(roomId, opMember(userId));
  }

  private touchedAt(roomId: string, userId: string, now: number): void {
    let users = this.touched.get(roomId);
    if (!users) this.touched.set(roomId, (users = new Map<string, number>()));
    users.set(userId, now);
  }

  /** The heartbeat: this instance's subscriptions stay present; old operation marks are let go. */
  private async renew(): Promise<void> {
    const now = Date.now();
    for (const [roomId, users] of this.touched) {
      for (const [userId, at] of users) {
        if (now - at >= this.settings.windowMs) users.delete(userId);
      }
      if (users.size === 0) this.touched.delete(roomId);
    }
    const entries = [...this.subscriptions].flatMap(([roomId, users]) =>
      [...users.keys()].map((userId) => ({ roomId, member: this.subscriptionMember(userId) })),
    );
    await this.store
      .renew(entries, now + this.settings.subscriptionTtlMs)
      .catch((error: unknown) => this.storeFailed(error));
  }

  private locallyActive(roomId: string): Set<string> {
    const active = new Set(this.subscriptions.get(roomId)?.keys() ?? []);
    const since = Date.now() - this.settings.windowMs;
    for (const [userId, at] of this.touched.get(roomId) ?? []) {
      if (at > since) active.add(userId);
    }
    return active;
  }

  private subscriptionMember(userId: string): string {
    return `sub:${userId}:${this.instanceId}`;
  }

  private storeFailed(error: unknown): void {
    this.logger.debug(`Presence store unavailable: ${String(error)}`);
  }
}
