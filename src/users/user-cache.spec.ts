import { describe, expect, it } from '@jest/globals';
import { PubSub } from 'graphql-subscriptions';
import type { Repository } from 'typeorm';
import { CacheEventsService } from '../realtime/cache-events.service.js';
import { RevocationsService } from './revocations.service.js';
import { UserCache } from './user-cache.js';
import type { User } from './user.entity.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('UserCache', () => {
  function setup() {
    const events = new CacheEventsService(new PubSub());
    const cache = new UserCache(events);
    let reads = 0;
    let name = 'Ada';
    const get = () =>
      cache.get('user-1', () => {
        reads++;
        return Promise.resolve({ id: 'user-1', displayName: name } as User);
      });
    return { events, cache, get, reads: () => reads, rename: (n: string) => (name = n) };
  }

  it('reads an account once, then answers from memory', async () => {
    const { get, reads } = setup();
    await settle();
    await get();
    expect((await get())?.displayName).toBe('Ada');
    expect(reads()).toBe(1);
  });

  it('reads again after another instance announces a profile change or a ban', async () => {
    for (const announce of ['publishUserUpdated', 'publishUserRevoked'] as const) {
      const { events, get, reads, rename } = setup();
      await settle();
      await get();
      rename('Grace');
      await events[announce]('user-1');
      expect((await get())?.displayName).toBe('Grace');
      expect(reads()).toBe(2);
    }
  });

  it('does not store a read that a change overtook', async () => {
    const { cache, get, reads } = setup();
    await settle();
    await cache.get('user-1', () => {
      cache.invalidate('user-1');
      return Promise.resolve({ id: 'user-1', displayName: 'Old' } as User);
    });
    expect((await get())?.displayName).toBe('Ada');
    expect(reads()).toBe(1);
  });
});

describe('UserCache.getMany', () => {
  it('answers the cached accounts from memory and reads only the others, in one read', async () => {
    const cache = new UserCache(new CacheEventsService(new PubSub()));
    await settle();
    const reads: string[][] = [];
    const load = (ids: string[]) => {
      reads.push(ids);
      return Promise.resolve(ids.map((id) => ({ id, displayName: id }) as User));
    };
    await cache.getMany(['a', 'b'], load);
    const users = await cache.getMany(['a', 'b', 'c'], load);
    expect(users.map((u) => u.id).sort()).toEqual(['a', 'b', 'c']);
    expect(reads).toEqual([['a', 'b'], ['c']]);
    cache.invalidate('b');
    await cache.getMany(['a', 'b', 'c'], load);
    expect(reads[2]).toEqual(['b']);
  });
});

describe('RevocationsService', () => {
  function setup(revokedInDatabase: string[]) {
    const events = new CacheEventsService(new PubSub());
    let reads = 0;
    const users = {
      find: () => Promise.resolve(revokedInDatabase.map((id) => ({ id }))),
      existsBy: ({ id }: { id: string }) => {
        reads++;
        return Promise.resolve(revokedInDatabase.includes(id));
      },
    } as unknown as Repository<User>;
    const sut = new RevocationsService(users, events, new UserCache(events));
    return { sut, events, reads: () => reads };
  }

  it('reads the database until the revoked accounts are loaded, then answers from memory', async () => {
    const { sut, reads } = setup(['banned-1']);
    expect(await sut.isRevoked('guest-1')).toBe(false);
    expect(reads()).toBe(1);
    await sut.onApplicationBootstrap();
    await settle();
    expect(sut.isRevoked('banned-1')).toBe(true);
    expect(sut.isRevoked('guest-1')).toBe(false);
    expect(reads()).toBe(1);
  });

  it('refuses an account banned on another instance once the event arrives', async () => {
    const { sut, events } = setup([]);
    await sut.onApplicationBootstrap();
    await settle();
    expect(sut.isRevoked('guest-1')).toBe(false);
    await events.publishUserRevoked('guest-1');
    expect(sut.isRevoked('guest-1')).toBe(true);
  });
});
