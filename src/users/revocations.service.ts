import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import { UserCache } from './user-cache.js';
import { User } from './user.entity.js';

/**
 * Which accounts are revoked (banned guests), held in memory by every instance so the auth guard
 * answers without a database read per request. Loaded at boot, kept current by the `userRevoked`
 * event (through Redis, every instance hears it); the instance that bans adds the id itself before
 * the ban's answer leaves. While the Redis subscriber is down, events may be missed: until it is
 * back and the set reloaded from the database, each check reads the database as before.
 */
@Injectable()
export class RevocationsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RevocationsService.name);
  private readonly revoked = new Set<string>();
  /** True once the set holds every revocation committed so far (and events keep it so). */
  private synced = false;
  /** Bumped on each connection loss, so a reload that raced a loss does not claim to be current. */
  private generation = 0;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly events: CacheEventsService,
    private readonly userCache: UserCache,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    this.events.onConnectivity({
      lost: () => {
        this.synced = false;
        this.generation++;
      },
      restored: () => void this.reload(),
    });
    // Listening first, then loading: a ban committed in between is in one or the other. Not
    // awaited by the boot: with Redis unreachable the subscription waits for it, and until the
    // set is loaded every check reads the database.
    void this.events
      .onUserRevoked((userId) => this.revoked.add(userId))
      .then(
        () => this.reload(),
        (error: unknown) => this.logger.warn(`Not listening for bans: ${(error as Error).message}`),
      );
    return Promise.resolve();
  }

  /** Whether the account is revoked; from memory unless events may have been missed. */
  isRevoked(userId: string): boolean | Promise<boolean> {
    if (this.revoked.has(userId)) return true;
    if (this.synced && this.events.receivesEveryEvent()) return false;
    return this.users.existsBy({ id: userId, revokedAt: Not(IsNull()) });
  }

  /** After the revocation has committed: refused here at once, and on every other instance. */
  async markRevoked(userId: string): Promise<void> {
    this.revoked.add(userId);
    this.userCache.invalidate(userId);
    await this.events.publishUserRevoked(userId);
  }

  private async reload(): Promise<void> {
    if (!this.events.receivesEveryEvent()) return;
    const generation = this.generation;
    try {
      const rows = await this.users.find({
        select: { id: true },
        where: { revokedAt: Not(IsNull()) },
      });
      for (const { id } of rows) this.revoked.add(id);
      if (generation === this.generation && this.events.receivesEveryEvent()) this.synced = true;
    } catch (error) {
      // Stays on database reads; the next reconnection tries again.
      this.logger.warn(`Revoked accounts not loaded: ${(error as Error).message}`);
    }
  }
}
