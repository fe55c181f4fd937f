import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Channels } from '../src/realtime/channels.js';
import { sandboxCatalogue } from '../src/spotify-sandbox/index.js';
import { joinAsGuest, run, voteOperation, voteUpdatedOperation } from './support/factories.js';
import { dataOf, gql } from './support/graphql.js';
import { loginAs, type SpotifyLogin } from './support/login.js';
import {
  partyView,
  PLAY,
  PLAYBACK_ENV,
  sandboxControl,
  until,
  type SandboxControl,
} from './support/party.js';
import { subscribe, untilSubscribed, wsClient } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const catalogue = sandboxCatalogue();
const uriAt = (i: number) => catalogue[i].uri;

describe('Vote-to-skip (issue 13)', () => {
  let t: TestApp;
  let sandbox: SandboxControl;

  const createParty = async (host: SpotifyLogin, skipThreshold: number | null) => {
    const created = await gql(
      t.url,
      'mutation { createRoom(input: { likeThreshold: 1 }) { code id } }',
      {},
      host.token,
    );
    const { code, id } = dataOf(created).createRoom as { code: string; id: string };
    dataOf(
      await gql(
        t.url,
        'mutation($c: String!, $s: Int) { updateRoom(code: $c, skipThreshold: $s) { skipThreshold } }',
        { c: code, s: skipThreshold },
        host.token,
      ),
    );
    return { code, id };
  };
  const vote = (code: string, token: string, trackUri: string, isLike: boolean) =>
    run(t, voteOperation({ code, trackUri, isLike }), token);
  /** Two READY tracks, the party started, the first one playing on the host's player. */
  const startPlaying = async (host: SpotifyLogin, code: string, first: string, second: string) => {
    dataOf(await vote(code, host.token, first, true));
    dataOf(await vote(code, host.token, second, true));
    dataOf(
      await gql(
        t.url,
        'mutation($c: String!) { startParty(code: $c) { autoplay } }',
        { c: code },
        host.token,
      ),
    );
    await until(
      () => partyView(t.url, code, host.token),
      (v) => v.playback.state === 'PLAYING' && v.playback.track?.uri === first,
      10_000,
      `${first} playing`,
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ env: PLAYBACK_ENV });
    sandbox = sandboxControl(`${t.url}/sandbox/spotify/__control`);
  });
  beforeEach(async () => {
    await sandbox.call('/reset', {});
    // Long enough that no track ends by itself during a test.
    await sandbox.call('/settings', { trackDurationMs: 60_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('skips the playing track exactly once under 50 concurrent dislikes', async () => {
    const host = await loginAs(t, 'dj-alex');
    const { code, id } = await createParty(host, 5);
    const [first, second] = [uriAt(80), uriAt(81)];
    await startPlaying(host, code, first, second);
    const playsBefore = (await sandbox.requests('PUT', PLAY)).length;
    const guests = await Promise.all(
      Array.from({ length: 50 }, (_, i) => joinAsGuest(t, code, `Skipper ${i}`)),
    );
    const client = wsClient(t.wsUrl, host.token);
    const updates = subscribe<{ trackUri: string; status: string; dislikes: number; seq: number }>(
      client,
      voteUpdatedOperation(code, 'trackUri status dislikes seq'),
    );
    try {
      await untilSubscribed(t.app, Channels.voteUpdated(id));
      const responses = await Promise.all(guests.map((g) => vote(code, g.token, first, false)));
      expect(responses.filter((r) => r.errors)).toEqual([]);

      // In commit order: PLAYING until the fifth dislike, SKIPPED from the one that skipped it on.
      const events = [...(await updates.waitFor(50))].sort((a, b) => a.seq - b.seq);
      expect(events.map((e) => e.dislikes)).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => e.status)).toEqual(
        events.map((e) => (e.dislikes < 5 ? 'PLAYING' : 'SKIPPED')),
      );

      const after = await until(
        () => partyView(t.url, code, host.token),
        (v) => v.playback.track?.uri === second,
        10_000,
        `${second} playing`,
      );
      expect(after.history).toMatchObject([{ uri: first, status: 'SKIPPED' }]);
      expect(after.playback.state).toBe('PLAYING');
      expect((await sandbox.player()).item).toBe(second);
      const plays = await sandbox.requests('PUT', PLAY);
      expect(plays.length - playsBefore).toBe(1);
    } finally {
      await updates.dispose();
    }
  }, 60_000);

  it('lets no crowd skip happen without a skipThreshold, nor on a track that is not playing', async () => {
    const host = await loginAs(t, 'dj-alex');
    const { code } = await createParty(host, null);
    const [first, second] = [uriAt(82), uriAt(83)];
    await startPlaying(host, code, first, second);
    const guest = await joinAsGuest(t, code, 'Lonely');
    const disliked = await vote(code, guest.token, first, false);
    expect(dataOf(disliked).vote.track.status).toBe('PLAYING');
    const queued = await vote(code, guest.token, second, false);
    expect(dataOf(queued).vote.track.status).toBe('READY');
    expect((await partyView(t.url, code, host.token)).playback.track?.uri).toBe(first);
    await gql(
      t.url,
      'mutation($c: String!) { stopParty(code: $c) { autoplay } }',
      { c: code },
      host.token,
    );
  }, 30_000);
});
