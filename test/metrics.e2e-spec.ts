import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gql } from './support/graphql.js';
import { joinAsGuest } from './support/factories.js';
import { loginAs } from './support/login.js';
import { subscribe, wsClient } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE_ROOM = 'mutation CreateParty { createRoom(input: { likeThreshold: 5 }) { code } }';
const VOTE = `mutation CastVote($input: VoteInput!) {
  vote(input: $input) { status likes dislikes }
}`;
const SEARCH = `query FindTracks($q: String!, $c: String) {
  searchTracks(query: $q, code: $c, limit: 5) { uri }
}`;
const VOTE_UPDATED = `subscription Live($c: String!) { voteUpdated(code: $c) { trackUri likes } }`;

/** One sample's value from the exposition text, or undefined when the series is absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

async function scrape(t: TestApp): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${t.url}/metrics`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

describe('GET /metrics with METRICS=true', () => {
  let t: TestApp;
  const sandbox = async (path: string, body: unknown) => {
    const response = await fetch(`${t.url}/sandbox/spotify/__control${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS: 'true' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts operations, votes, Spotify calls (429s included), subscribers and deliveries', async () => {
    const host = await loginAs(t, 'dj-alex');
    const created = await gql(t.url, CREATE_ROOM, {}, host.token);
    expect(created.errors).toBeUndefined();
    const code = (created.data!.createRoom as { code: string }).code;
    const guest = await joinAsGuest(t, code);

    // A short 429 is waited out and retried: two attempts, one of each status.
    await sandbox('/faults', { path: '/v1/search', status: 429, retryAfter: 0, count: 1 });
    const search = await gql(t.url, SEARCH, { q: 'moon', c: code }, guest.token);
    expect(search.errors).toBeUndefined();
    const [{ uri }] = search.data!.searchTracks as Array<{ uri: string }>;

    const live = subscribe<{ trackUri: string; likes: number }>(wsClient(t.wsUrl, guest.token), {
      query: VOTE_UPDATED,
      variables: { c: code },
    });
    try {
      // graphql-ws does not acknowledge a subscription: vote until the first update arrives.
      let votes = 0;
      for (let attempt = 0; live.events.length === 0 && attempt < 20; attempt++) {
        const isLike = attempt % 2 === 0;
        const vote = await gql(
          t.url,
          VOTE,
          { input: { code, trackUri: uri, isLike } },
          guest.token,
        );
        expect(vote.errors).toBeUndefined();
        expect(vote.data!.vote).toMatchObject({ status: 'vote_registered' });
        votes += 1;
        await live.waitFor(1, 200).catch(() => undefined);
      }
      expect(live.events.length).toBeGreaterThan(0);

      const { status, type, text } = await scrape(t);
      expect(status).toBe(200);
      expect(type).toMatch(/^text\/plain; version=0\.0\.4/);

      const counted =
        (sample(text, 'party_votes_counted_total', { vote: 'like' }) ?? 0) +
        (sample(text, 'party_votes_counted_total', { vote: 'dislike' }) ?? 0);
      expect(counted).toBe(votes);
      expect(sample(text, 'party_votes_counted_total', { vote: 'like' })).toBeGreaterThanOrEqual(1);

      const ok = { type: 'mutation', operation: 'CastVote', outcome: 'ok' };
      expect(sample(text, 'party_graphql_operations_total', ok)).toBe(votes);
      expect(
        sample(text, 'party_graphql_operations_total', {
          type: 'query',
          operation: 'FindTracks',
          outcome: 'ok',
        }),
      ).toBe(1);
      expect(
        sample(text, 'party_graphql_operation_duration_seconds_count', {
          type: 'mutation',
          operation: 'CastVote',
        }),
      ).toBe(votes);

      const searchEndpoint = { endpoint: 'GET /v1/search' };
      expect(
        sample(text, 'party_spotify_requests_total', { ...searchEndpoint, status: '429' }),
      ).toBe(1);
      expect(
        sample(text, 'party_spotify_requests_total', { ...searchEndpoint, status: '200' }),
      ).toBe(1);
      expect(
        sample(text, 'party_spotify_requests_total', {
          endpoint: 'POST /api/token',
          status: '200',
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'party_spotify_request_duration_seconds_count', searchEndpoint)).toBe(2);

      expect(sample(text, 'party_subscription_sockets')).toBe(1);
      expect(sample(text, 'party_subscription_events_delivered_total')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'party_database_up')).toBe(1);
      if (process.env.TEST_REDIS_URL) expect(sample(text, 'party_redis_up')).toBe(1);
      else expect(sample(text, 'party_redis_up')).toBeUndefined();

      expect(
        sample(text, 'party_http_requests_total', {
          method: 'POST',
          route: '/graphql',
          status: '200',
        }),
      ).toBeGreaterThanOrEqual(votes + 2);
      // Ids never become labels.
      expect(text).not.toContain(uri.split(':')[2]);
    } finally {
      await live.dispose();
    }
  });

  it('reads GraphQL errors as such and names anonymous operations', async () => {
    const response = await gql(t.url, '{ me { id } }', {});
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const { text } = await scrape(t);
    expect(
      sample(text, 'party_graphql_operations_total', {
        type: 'query',
        operation: 'anonymous',
        outcome: 'error',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /metrics by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is not served', async () => {
    const { status, text } = await scrape(t);
    expect(status).toBe(404);
    expect(text).not.toContain('party_');
  });
});
