import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sandboxCatalogue, sandboxPlaylists } from '../src/spotify-sandbox/index.js';
import { eventually } from './support/eventually.js';
import { errorCode } from './support/graphql.js';
import {
  addRandomTrackOperation,
  createRoomOperation,
  joinAsGuest,
  joinRoomOperation,
  meOperation,
  perform,
  playTrackOperation,
  roomOperation,
  run,
  searchTracksOperation,
  voteOperation,
} from './support/factories.js';
import { loginAs, type SpotifyLogin } from './support/login.js';
import { errorReason } from './support/moderation.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Tracks, search and playback through the built-in Spotify sandbox (the app's default mode). */
describe('Tracks and playback through Spotify', () => {
  let t: TestApp;
  let control: string;

  const sandbox = async (path: string, body?: unknown) => {
    const response = await fetch(`${control}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<any>;
  };
  const requestsTo = async (prefix: string) =>
    ((await sandbox('/requests')).requests as Array<{ method: string; path: string }>).filter((r) =>
      r.path.startsWith(prefix),
    ).length;

  const createRoom = async (host: SpotifyLogin, likeThreshold = 1) => {
    const data = await perform(t, createRoomOperation({ likeThreshold }, 'code'), host.token);
    return data.createRoom.code as string;
  };
  const roomTracks = async (code: string, token: string) =>
    (
      await run(
        t,
        roomOperation(
          code,
          'nowPlaying { uri status } tracks { uri status track { name artists album durationMs } }',
        ),
        token,
      )
    ).data!.room;

  beforeAll(async () => {
    // Every test logs a host in: more logins than the default limit allows from one address.
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '100' } });
    control = `${t.url}/sandbox/spotify/__control`;
  });
  beforeEach(async () => {
    await sandbox('/reset', {});
  });
  afterAll(async () => {
    await t.close();
  });

  describe('searchTracks', () => {
    const search = (query: string, options: { limit?: number; code?: string } = {}) =>
      searchTracksOperation({ query, ...options });

    it("lets a guest search through the host's account, at most 10 results, cached briefly", async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const guest = await joinAsGuest(t, code);
      const before = await requestsTo('/v1/search');
      const response = await run(t, search('love', { limit: 50, code }), guest.token);
      expect(response.errors).toBeUndefined();
      const tracks = response.data!.searchTracks as Array<{ uri: string; name: string }>;
      expect(tracks).toHaveLength(10);
      for (const track of tracks) {
        expect(track.uri).toMatch(/^spotify:track:[0-9A-Za-z]{22}$/);
        expect(sandboxCatalogue().some((c) => c.uri === track.uri && c.name === track.name)).toBe(
          true,
        );
      }
      await perform(t, search('LOVE', { limit: 50, code }), guest.token);
      expect((await requestsTo('/v1/search')) - before).toBe(1);

      // The results' metadata is stored: a vote on one shows it at once.
      const vote = await run(
        t,
        voteOperation({ code, trackUri: tracks[0].uri, isLike: true }),
        guest.token,
      );
      expect(vote.data!.vote.track).toMatchObject({ uri: tracks[0].uri });
      const listed = await roomTracks(code, guest.token);
      expect(listed.tracks[0].track.name).toBe(tracks[0].name);
    });

    it('needs a room code or a Spotify account', async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const guest = await joinAsGuest(t, code);
      const own = await run(t, search('night'), host.token);
      expect(own.data!.searchTracks.length).toBeGreaterThan(0);
      expect(errorCode(await run(t, search('night'), guest.token))).toBe('FORBIDDEN');
      const outsider = await loginAs(t, 'casey');
      expect(errorCode(await run(t, search('night', { code }), outsider.token))).toBe('FORBIDDEN');
      expect(errorCode(await run(t, search('   ', { code }), guest.token))).toBe('BAD_USER_INPUT');
    });

    it("does not tell a guest UNAUTHENTICATED when the host's Spotify login has expired", async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const guest = await joinAsGuest(t, code);
      await sandbox('/accounts/dj-alex/expire-access-tokens', {});
      await sandbox('/accounts/dj-alex/revoke-refresh-tokens', {});
      const asGuest = await run(t, search('rain', { code }), guest.token);
      expect(errorCode(asGuest)).toBe('SPOTIFY_UNAVAILABLE');
      expect(asGuest.errors![0].extensions!.reason).toBe('ACCOUNT_UNAVAILABLE');
      // The host is the one who must log in with Spotify again.
      const asHost = await run(t, search('rain', { code }), host.token);
      expect(errorCode(asHost)).toBe('UNAUTHENTICATED');
      expect(asHost.errors![0].extensions!.reason).toBe('REAUTH_REQUIRED');
      // The guest's own session is intact.
      expect((await run(t, meOperation('isGuest'), guest.token)).data).toEqual({
        me: { isGuest: true },
      });
    });

    it('says SPOTIFY_UNAVAILABLE when Spotify is down', async () => {
      const host = await loginAs(t, 'dj-alex');
      await sandbox('/faults', { path: '/v1/search', status: 503, count: 5 });
      const response = await run(t, search('storm'), host.token);
      expect(response.data).toBeNull();
      expect(errorCode(response)).toBe('SPOTIFY_UNAVAILABLE');
    });
  });

  describe('votes never wait for Spotify', () => {
    it('fetches unknown metadata in the background and shows it once known', async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host, 5);
      const guest = await joinAsGuest(t, code);
      const known = sandboxCatalogue()[123];
      // Spotify answers, but slowly: a vote that waited would come back with the metadata.
      await sandbox('/faults', { path: `/v1/tracks/${known.id}`, delayMs: 700 });
      const vote = await run(
        t,
        voteOperation({ code, trackUri: known.uri, isLike: true }),
        guest.token,
      );
      expect(vote.errors).toBeUndefined();
      expect(vote.data!.vote).toMatchObject({
        status: 'vote_registered',
        likes: 1,
        track: { uri: known.uri },
      });
      const immediately = await run(
        t,
        roomOperation(code, 'tracks { track { name } }'),
        guest.token,
      );
      expect(immediately.data!.room.tracks[0].track).toBeNull();
      const named = await eventually(
        async () => (await roomTracks(code, guest.token)).tracks[0].track?.name as string,
        { what: 'the track metadata' },
      );
      expect(named).toBe(known.name);
      expect(await requestsTo(`/v1/tracks/${known.id}`)).toBe(1);
    });

    it('registers votes while Spotify is down', async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host, 1);
      const guest = await joinAsGuest(t, code);
      await sandbox('/faults', { path: '/v1/tracks', status: 503, count: 100 });
      const uri = sandboxCatalogue()[7].uri;
      const vote = await run(t, voteOperation({ code, trackUri: uri, isLike: true }), guest.token);
      expect(vote.errors).toBeUndefined();
      expect(vote.data!.vote).toMatchObject({ likes: 1, play: true, thresholdReached: true });
    });
  });

  it('does not ask Spotify again for every listing after a failed metadata fetch', async () => {
    const host = await loginAs(t, 'dj-alex');
    const code = await createRoom(host, 5);
    await sandbox('/faults', { path: '/v1/tracks', status: 503, count: 100 });
    const uri = sandboxCatalogue()[42].uri;
    await perform(t, voteOperation({ code, trackUri: uri, isLike: true }), host.token);
    // The background fetch: one GET and its one retry, both answered 503.
    await eventually(async () => (await requestsTo('/v1/tracks')) >= 2, {
      what: 'the background fetch and its retry',
    });
    // Nothing announces that no further request comes: a quiet period shows it.
    await new Promise((r) => setTimeout(r, 300));
    const afterVote = await requestsTo('/v1/tracks');
    // (A fetch left over from the previous test may land after the reset, hence not exactly 2.)
    expect(afterVote).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 3; i++) {
      expect((await roomTracks(code, host.token)).tracks[0].track).toBeNull();
    }
    // Again a quiet period: the listings must not have started a fetch in the background.
    await new Promise((r) => setTimeout(r, 300));
    expect(await requestsTo('/v1/tracks')).toBe(afterVote);
  });

  describe('addRandomTrack', () => {
    const addRandom = (code: string) =>
      addRandomTrackOperation(code, 'uri status addedBy { id } track { name }');
    const owned = (account: string) =>
      new Set(
        sandboxPlaylists()
          .filter((p) => p.ownerId === account)
          .flatMap((p) => p.trackUris),
      );

    it("takes a track from the host's own playlists when no one else is linked", async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const guest = await joinAsGuest(t, code);
      const response = await run(t, addRandom(code), guest.token);
      expect(response.errors).toBeUndefined();
      expect(owned('dj-alex').has(response.data!.addRandomTrack.uri)).toBe(true);
      expect(response.data!.addRandomTrack).toMatchObject({
        status: 'QUEUED',
        addedBy: { id: guest.userId },
      });
      expect(await requestsTo('/v1/playlists/')).toBeGreaterThan(0);
      expect(
        ((await sandbox('/requests')).requests as Array<{ path: string }>).some((r) =>
          r.path.endsWith('/tracks'),
        ),
      ).toBe(false);
    });

    it("prefers another linked participant's playlists", async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const casey = await loginAs(t, 'casey');
      await perform(t, joinRoomOperation(code), casey.token);
      for (let i = 0; i < 3; i++) {
        const response = await run(t, addRandom(code), host.token);
        expect(owned('casey').has(response.data!.addRandomTrack.uri)).toBe(true);
      }
    });
    it("keeps to the caller's fair share, refusing before any playlist is read", async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host, 5);
      await perform(
        t,
        {
          query:
            'mutation($c: String!) { updateRoom(code: $c, maxQueuedPerParticipant: 2) { id } }',
          variables: { c: code },
        },
        host.token,
      );
      const guest = await joinAsGuest(t, code);
      const picked = new Set<string>();
      while (picked.size < 2) {
        const response = await run(t, addRandom(code), guest.token);
        expect(response.errors).toBeUndefined();
        picked.add(response.data!.addRandomTrack.uri);
      }
      const before = await requestsTo('/v1/playlists/');
      const refused = await run(t, addRandom(code), guest.token);
      expect([errorCode(refused), errorReason(refused)]).toEqual(['CONFLICT', 'QUEUE_LIMIT']);
      expect(await requestsTo('/v1/playlists/')).toBe(before);
      // The host is outside the fair share, as with addTrack.
      expect((await run(t, addRandom(code), host.token)).errors).toBeUndefined();
    });
  });

  describe('playTrack', () => {
    it("starts the track on the host's Spotify, marks it PLAYING and the previous one PLAYED", async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const [first, second] = [sandboxCatalogue()[1].uri, sandboxCatalogue()[2].uri];
      await perform(t, voteOperation({ code, trackUri: first, isLike: true }), host.token);
      await perform(t, voteOperation({ code, trackUri: second, isLike: true }), host.token);

      const started = await run(t, playTrackOperation(code, first), host.token);
      expect(started.data).toEqual({ playTrack: { uri: first, status: 'PLAYING' } });
      expect((await sandbox('/player/dj-alex')).item).toBe(first);
      expect((await roomTracks(code, host.token)).nowPlaying).toEqual({
        uri: first,
        status: 'PLAYING',
      });

      await perform(t, playTrackOperation(code, second), host.token);
      expect((await sandbox('/player/dj-alex')).item).toBe(second);
      const room = await roomTracks(code, host.token);
      expect(room.nowPlaying).toEqual({ uri: second, status: 'PLAYING' });
      expect(room.tracks.find((x: { uri: string }) => x.uri === first).status).toBe('PLAYED');
    });

    it('is for the host only, and for tracks of the room', async () => {
      const host = await loginAs(t, 'dj-alex');
      const code = await createRoom(host);
      const guest = await joinAsGuest(t, code);
      const uri = sandboxCatalogue()[3].uri;
      await perform(t, voteOperation({ code, trackUri: uri, isLike: true }), guest.token);
      expect(errorCode(await run(t, playTrackOperation(code, uri), guest.token))).toBe('FORBIDDEN');
      expect(
        errorCode(await run(t, playTrackOperation(code, sandboxCatalogue()[4].uri), host.token)),
      ).toBe('NOT_FOUND');
    });

    it.each([
      ['sam-free', 'FORBIDDEN', 'PREMIUM_REQUIRED'],
      ['robin-nodevice', 'CONFLICT', 'NO_ACTIVE_DEVICE'],
    ])('reports %s clearly and leaves the room unchanged', async (account, code_, reason) => {
      const host = await loginAs(t, account);
      const code = await createRoom(host);
      const uri = sandboxCatalogue()[5].uri;
      await perform(t, voteOperation({ code, trackUri: uri, isLike: true }), host.token);
      const response = await run(t, playTrackOperation(code, uri), host.token);
      expect(response.data).toBeNull();
      expect(errorCode(response)).toBe(code_);
      expect(response.errors![0].extensions!.reason).toBe(reason);
      const room = await roomTracks(code, host.token);
      expect(room.nowPlaying).toBeNull();
      expect(room.tracks[0].status).toBe('READY');
    });
  });
});
