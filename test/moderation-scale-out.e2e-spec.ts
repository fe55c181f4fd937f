import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from './support/databases.js';
import { createRoom, joinAsGuest, trackUri, voteOperation } from './support/factories.js';
import { errorCode, gql } from './support/graphql.js';
import {
  as,
  errorReason,
  legacyEnd,
  legacyVoteFeed,
  LOCK,
  ME,
  primed,
  REMOVE_PARTICIPANT,
  ROOM,
  ROOM_UPDATED,
  VOTE_UPDATED,
  within,
} from './support/moderation.js';
import { servicesAvailable, sharedRedisUrl } from './support/services.js';
import { subscribe, wsClient, type Collected } from './support/subscriptions.js';
import { startTestApp, testRedisUrl, type TestApp } from './support/test-app.js';

const available = await servicesAvailable('test/moderation-scale-out.e2e-spec.ts', [
  'postgres',
  'redis',
]);
const describeScaleOut = available ? describe : describe.skip;

/**
 * Removal is immediate everywhere: the host removes a guest on instance A while the guest's
 * subscriptions live on instance B (graphql-ws and the legacy protocol) and on A.
 */
describeScaleOut('Moderation across two instances on PostgreSQL and Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let cleanup: () => Promise<void>;
  const feeds: Array<Collected<unknown>> = [];

  beforeAll(async () => {
    const database = await createPostgresDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'party-moderation-'));
    cleanup = async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    // One key prefix for both: they share rate-limit counters as well as events.
    const env = { REDIS_URL: testRedisUrl(sharedRedisUrl)!, RATE_LIMIT_GUEST_JOIN: '1000' };
    a = await startTestApp({ env, databaseUrl: database.url, dataDir });
    b = await startTestApp({ env, databaseUrl: database.url, dataDir });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.dispose()));
    await Promise.all([a?.close(), b?.close()]);
    await cleanup?.();
  });

  function live<T>(instance: TestApp, token: string, query: string, code: string): Collected<T> {
    const feed = subscribe<T>(wsClient(instance.wsUrl, token), { query, variables: { c: code } });
    feeds.push(feed);
    return feed;
  }

  const vote = (instance: TestApp, code: string, token: string) => {
    const operation = voteOperation({ code, trackUri: trackUri(), isLike: true });
    return gql(instance.url, operation.query, operation.variables, token);
  };

  it("ends a removed guest's subscriptions on every instance and protocol within a second", async () => {
    const { host, room } = await createRoom(a, 5);
    const guest = await joinAsGuest(b, room.code, 'Troll');
    const bystander = await joinAsGuest(b, room.code, 'Bystander');
    const pokeVotes = () => vote(a, room.code, host.token);

    const modernOnB = live<unknown>(b, guest.token, VOTE_UPDATED, room.code);
    const roomOnA = live<unknown>(a, guest.token, ROOM_UPDATED, room.code);
    const bystanderOnB = live<unknown>(b, bystander.token, VOTE_UPDATED, room.code);
    await primed([modernOnB, bystanderOnB], pokeVotes);
    await primed([roomOnA], () => as(a.url, host.token)(LOCK, { c: room.code, l: false }));
    const legacyOnB = await legacyVoteFeed(b.wsUrl, guest.token, room.code, pokeVotes);

    try {
      const removed = await as(a.url, host.token)(REMOVE_PARTICIPANT, {
        c: room.code,
        u: guest.userId,
      });
      expect(removed.errors).toBeUndefined();
      const [legacyEnded] = await within(
        Promise.all([legacyEnd(legacyOnB), modernOnB.ended, roomOnA.ended]),
        1000,
        "The removed guest's three subscriptions ending",
      );
      expect(legacyEnded).toMatchObject({ id: '1', type: 'complete' });
      expect(modernOnB.errors).toEqual([]);

      // Refused on either instance; the other participant's feed goes on.
      for (const instance of [a, b]) {
        const response = await as(instance.url, guest.token)(ROOM, { c: room.code });
        expect(errorCode(response)).toBe('FORBIDDEN');
      }
      const saw = bystanderOnB.events.length;
      await pokeVotes();
      await bystanderOnB.waitFor(saw + 1);
    } finally {
      legacyOnB.close();
    }
  });

  it("stops a banned guest's session on the other instance too", async () => {
    const { host, room } = await createRoom(a, 5);
    const guest = await joinAsGuest(a, room.code, 'Troll');
    const onB = live<unknown>(b, guest.token, VOTE_UPDATED, room.code);
    await primed([onB], () => vote(a, room.code, host.token));

    await as(a.url, host.token)(REMOVE_PARTICIPANT, { c: room.code, u: guest.userId, b: true });
    await within(onB.ended, 1000, 'The subscription on B ending');
    const me = await as(b.url, guest.token)(ME);
    expect(errorCode(me)).toBe('FORBIDDEN');
    expect(errorReason(me)).toBe('BANNED');
  });
});
