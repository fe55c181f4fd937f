import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository, type EntityManager } from 'typeorm';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import { UserCache } from './user-cache.js';
import { User } from './user.entity.js';
import { UsersError, UsersException } from './users.exception.js';

export interface SpotifyProfile {
  spotifyId: string;
  displayName: string;
  avatarUrl: string | null;
  email: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly cache: UserCache,
    private readonly events: CacheEventsService,
  ) {}

  /** As getById, without a promise when the account is in this instance's cache. */
  byId(id: string): User | Promise<User> {
    return this.cache.cached(id) ?? this.getById(id);
  }

  /** From this instance's cache when it has the account (see UserCache). */
  async getById(id: string): Promise<User> {
    const user = await this.cache.get(id, () => this.users.findOneBy({ id }));
    if (!user) throw new UsersException(UsersError.USER_NOT_FOUND);
    return user;
  }

  /** The accounts with these ids (those that exist), through the per-instance cache. */
  findByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.cache.getMany(ids, (missing) => this.users.findBy({ id: In(missing) }));
  }

  /** Creates or refreshes the user keyed on the Spotify id (a unique index). */
  async upsertSpotifyUser(profile: SpotifyProfile): Promise<User> {
    await this.users.upsert(
      {
        spotifyId: profile.spotifyId,
        displayName: profile.displayName,
        avatarUrl: profile.avatarUrl,
        email: profile.email,
        isGuest: false,
      },
      { conflictPaths: ['spotifyId'], skipUpdateIfNoValuesChanged: true },
    );
    const user = await this.users.findOneByOrFail({ spotifyId: profile.spotifyId });
    this.cache.invalidate(user.id);
    await this.events.publishUserUpdated(user.id);
    return user;
  }

  /**
   * A banned guest: every session of the account stops working (see AuthGuard); after the commit,
   * RevocationsService.markRevoked tells every instance.
   */
  async revoke(id: string, manager?: EntityManager): Promise<void> {
    const users = manager ? manager.getRepository(User) : this.users;
    await users.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  createGuest(displayName: string): Promise<User> {
    return this.users.save(this.users.create({ displayName, isGuest: true, spotifyId: null }));
  }
}
