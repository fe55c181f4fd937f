import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  sandboxCatalogue,
  startSpotifySandbox,
  type RunningSpotifySandbox,
  type SandboxPlayerView,
  type SandboxRequestRecord,
} from '../src/spotify-sandbox/index.js';
import { authorizeInSandbox } from './support/spotify-login.js';
import { startTestApp } from './support/test-app.js';

const CLIENT = {
  clientId: 'player-client',
  clientSecret: 'player-secret',
  redirectUris: ['http://127.0.0.1:9999/callback'],
};
const ALL_SCOPES =
  'user-read-private user-read-playback-state user-modify-playback-state ' +
  'playlist-read-private playlist-modify-private playlist-modify-public';
/** Short enough to watch several tracks end within a test. */
const SHORT_MS = 300;
/** Long enough that nothing ends while a test looks at it. */
const LONG_MS = 600_000;

const uri = (index: number) => sandboxCatalogue()[index].uri;
const [A, B, C, D] = [0, 1, 2, 3].map(uri);

describe('Spotify sandbox player and playlists over HTTP', () => {
  let sandbox: RunningSpotifySandbox;

  const control = async (path: string, body?: unknown, expected = 200): Promise<any> => {
    const response = await fetch(`${sandbox.url}/__control${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(expected);
    return response.json();
  };
  const view = (account: string) => control(`/player/${account}`) as Promise<SandboxPlayerView>;
  const setTrackDuration = (trackDurationMs: number | null) =>
    control('/settings', { trackDurationMs });

  /** Polls the player until `done` holds; fails with the last view after `timeoutMs`. */
  const until = async (
    account: string,
    done: (view: SandboxPlayerView) => boolean,
    timeoutMs = 5000,
  ): Promise<SandboxPlayerView> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await view(account);
      if (done(current)) return current;
      if (Date.now() > deadline) {
        throw new Error(`Player never got there; last seen ${JSON.stringify(current)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const login = async (account: string, scope = ALL_SCOPES): Promise<string> => {
    const query = new URLSearchParams({
      client_id: CLIENT.clientId,
      response_type: 'code',
      redirect_uri: CLIENT.redirectUris[0],
      state: 's',
      scope,
    });
    const { code } = await authorizeInSandbox(
      `${sandbox.url}/accounts/authorize?${query.toString()}`,
      account,
    );
    const response = await fetch(`${sandbox.url}/accounts/api/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirectUris[0],
      }).toString(),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const api = async (
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }> => {
    const response = await fetch(`${sandbox.url}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      headers: response.headers,
    };
  };
  const play = (token: string, body?: unknown, deviceId?: string) =>
    api(token, 'PUT', `/me/player/play${deviceId ? `?device_id=${deviceId}` : ''}`, body);

  beforeAll(async () => {
    sandbox = await startSpotifySandbox({ port: 0, clients: [CLIENT] });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    await control('/reset', {});
    await setTrackDuration(LONG_MS);
  });

  describe('the clock', () => {
    it("plays a track for its duration, then the user's queue, then the rest; then stops with the item kept", async () => {
      const token = await login('dj-alex');
      await setTrackDuration(SHORT_MS);
      expect((await play(token, { uris: [A, B] })).status).toBe(204);
      expect((await api(token, 'POST', `/me/player/queue?uri=${C}`)).status).toBe(204);

      const stopped = await until('dj-alex', (v) => !v.isPlaying && v.history.length === 3);
      expect(stopped).toMatchObject({ item: B, history: [A, C, B], progressMs: 0, queue: [] });

      const state = await api(token, 'GET', '/me/player');
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({
        is_playing: false,
        progress_ms: 0,
        item: { uri: B, duration_ms: SHORT_MS },
        device: { id: 'alex-phone', is_active: true },
        context: null,
        currently_playing_type: 'track',
        repeat_state: 'off',
        shuffle_state: false,
        actions: { disallows: { pausing: true } },
      });
      expect(state.body.timestamp).toBeGreaterThanOrEqual(Date.now() - 5000);
      const current = await api(token, 'GET', '/me/player/currently-playing');
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ is_playing: false, item: { uri: B } });
    });

    it('reports the position as it runs, the duration setting in every track, and 204 before anything plays', async () => {
      const token = await login('dj-alex');
      const nothing = await api(token, 'GET', '/me/player');
      expect(nothing.status).toBe(204);
      expect(nothing.body).toBeUndefined();
      await play(token, { uris: [A] });
      const first = (await api(token, 'GET', '/me/player')).body;
      const later = await until('dj-alex', (v) => v.progressMs > first.progress_ms + 50);
      expect(later.isPlaying).toBe(true);
      expect(first).toMatchObject({ is_playing: true, item: { duration_ms: LONG_MS } });
      const search = await api(token, 'GET', '/search?q=love&type=track&limit=1');
      expect(search.body.tracks.items[0].duration_ms).toBe(LONG_MS);
      await setTrackDuration(null);
      const track = await api(token, 'GET', `/tracks/${sandboxCatalogue()[0].id}`);
      expect(track.body.duration_ms).toBe(sandboxCatalogue()[0].duration_ms);
    });
  });

  describe('contexts and the queue', () => {
    it('plays a playlist from an offset, follows tracks appended while it plays, and shows the queue', async () => {
      const token = await login('dj-alex');
      const created = await api(token, 'POST', '/me/playlists', { name: 'Party' });
      const playlist = created.body as { id: string; uri: string };
      await api(token, 'POST', `/playlists/${playlist.id}/items`, { uris: [A, B] });

      expect(
        (await play(token, { context_uri: playlist.uri, offset: { position: 0 } })).status,
      ).toBe(204);
      await api(token, 'POST', `/me/player/queue?uri=${D}`);
      await api(token, 'POST', `/playlists/${playlist.id}/items`, { uris: [C] });
      const queue = await api(token, 'GET', '/me/player/queue');
      expect(queue.status).toBe(200);
      expect(queue.body.currently_playing.uri).toBe(A);
      expect(queue.body.queue.map((track: { uri: string }) => track.uri)).toEqual([D, B, C]);
      const state = (await api(token, 'GET', '/me/player')).body;
      expect(state.context).toMatchObject({ type: 'playlist', uri: playlist.uri });

      await setTrackDuration(SHORT_MS);
      const done = await until('dj-alex', (v) => !v.isPlaying && v.history.length === 4);
      expect(done).toMatchObject({ item: C, history: [A, D, B, C], context: playlist.uri });
    });

    it('starts a context at an offset given by uri, and refuses what it cannot play', async () => {
      const token = await login('dj-alex');
      const album = sandboxCatalogue()[0].album.uri;
      expect((await play(token, { context_uri: album, offset: { uri: B } })).status).toBe(204);
      expect(await view('dj-alex')).toMatchObject({
        item: B,
        context: album,
        upNext: [C, D, uri(4)],
      });
      expect((await play(token, { context_uri: album, offset: { position: 9 } })).status).toBe(400);
      expect((await play(token, { context_uri: 'spotify:playlist:nope' })).status).toBe(404);
      expect((await play(token, { context_uri: 'spotify:artist:x' })).status).toBe(400);
      expect((await play(token, { uris: [A], context_uri: album })).status).toBe(400);
      // A refused command moves nothing, not even to the device it names.
      expect((await play(token, { uris: ['spotify:track:nope'] }, 'alex-laptop')).status).toBe(400);
      expect(await view('dj-alex')).toMatchObject({ item: B, activeDeviceId: 'alex-phone' });
      // Someone else's private playlist is not found; a followed one plays.
      const casey = await login('casey');
      const secret = await api(casey, 'POST', '/me/playlists', { name: 'Secret', public: false });
      await api(casey, 'POST', `/playlists/${secret.body.id}/items`, { uris: [A] });
      expect((await play(token, { context_uri: secret.body.uri })).status).toBe(404);
    });
  });

  describe('commands', () => {
    it('pauses and resumes; pausing a paused player or resuming a playing one is a 403', async () => {
      const token = await login('dj-alex');
      await play(token, { uris: [A] });
      const resumeWhilePlaying = await play(token);
      expect(resumeWhilePlaying.status).toBe(403);
      expect(resumeWhilePlaying.body.error).toMatchObject({
        status: 403,
        message: 'Player command failed: Restriction violated',
      });
      expect((await api(token, 'PUT', '/me/player/pause')).status).toBe(204);
      const paused = await view('dj-alex');
      expect(paused.isPlaying).toBe(false);
      const again = await api(token, 'PUT', '/me/player/pause');
      expect(again.status).toBe(403);
      expect(again.body.error.message).toBe('Player command failed: Restriction violated');
      // The position stands still while paused.
      await api(token, 'GET', '/me/player/devices');
      expect((await view('dj-alex')).progressMs).toBe(paused.progressMs);
      expect((await play(token)).status).toBe(204);
      expect((await view('dj-alex')).isPlaying).toBe(true);
    });

    it('skips to next and previous, restarting the current track after three seconds of it', async () => {
      const token = await login('dj-alex');
      await play(token, { uris: [A, B, C] });
      expect((await api(token, 'POST', '/me/player/next')).status).toBe(204);
      expect((await api(token, 'POST', '/me/player/next')).status).toBe(204);
      expect((await view('dj-alex')).item).toBe(C);
      expect((await api(token, 'POST', '/me/player/previous')).status).toBe(204);
      expect((await view('dj-alex')).item).toBe(B);
      await api(token, 'PUT', '/me/player/seek?position_ms=5000');
      await api(token, 'POST', '/me/player/previous');
      const restarted = await view('dj-alex');
      expect(restarted.item).toBe(B);
      expect(restarted.progressMs).toBeLessThan(5000);
      expect(restarted.history).toEqual([A, B, C, B]);
      // Past the last track: playback stops, the item stays.
      await api(token, 'POST', '/me/player/next');
      await api(token, 'POST', '/me/player/next');
      expect(await view('dj-alex')).toMatchObject({ item: C, isPlaying: false });
    });

    it('seeks, and a position past the end plays what follows', async () => {
      const token = await login('dj-alex');
      await play(token, { uris: [A, B] });
      expect((await api(token, 'PUT', '/me/player/seek?position_ms=120000')).status).toBe(204);
      expect((await view('dj-alex')).progressMs).toBeGreaterThanOrEqual(120_000);
      expect((await api(token, 'PUT', '/me/player/seek')).status).toBe(400);
      expect((await api(token, 'PUT', `/me/player/seek?position_ms=${LONG_MS}`)).status).toBe(204);
      expect(await view('dj-alex')).toMatchObject({ item: B, isPlaying: true });
    });

    it('transfers playback to one device, playing on it when asked', async () => {
      const token = await login('dj-alex');
      await play(token, { uris: [A] });
      await api(token, 'PUT', '/me/player/pause');
      expect((await api(token, 'PUT', '/me/player', { device_ids: ['alex-laptop'] })).status).toBe(
        204,
      );
      expect(await view('dj-alex')).toMatchObject({
        activeDeviceId: 'alex-laptop',
        isPlaying: false,
        item: A,
      });
      expect(
        (await api(token, 'PUT', '/me/player', { device_ids: ['alex-phone'], play: true })).status,
      ).toBe(204);
      expect(await view('dj-alex')).toMatchObject({
        activeDeviceId: 'alex-phone',
        isPlaying: true,
      });
      const devices = (await api(token, 'GET', '/me/player/devices')).body.devices;
      expect(devices.map((d: { id: string; is_active: boolean }) => [d.id, d.is_active])).toEqual([
        ['alex-phone', true],
        ['alex-laptop', false],
      ]);
      const two = await api(token, 'PUT', '/me/player', {
        device_ids: ['alex-phone', 'alex-laptop'],
      });
      expect(two.status).toBe(400);
      expect((await api(token, 'PUT', '/me/player', { device_ids: ['nowhere'] })).status).toBe(404);
    });

    it('answers NO_ACTIVE_DEVICE without an active device, until a transfer activates one', async () => {
      const token = await login('robin-nodevice');
      for (const [method, path] of [
        ['PUT', '/me/player/pause'],
        ['POST', '/me/player/next'],
        ['POST', '/me/player/previous'],
        ['PUT', '/me/player/seek?position_ms=0'],
        ['PUT', '/me/player/play'],
        ['POST', `/me/player/queue?uri=${A}`],
      ]) {
        const response = await api(token, method, path);
        expect([path, response.status, response.body.error.reason]).toEqual([
          path,
          404,
          'NO_ACTIVE_DEVICE',
        ]);
      }
      expect((await api(token, 'GET', '/me/player')).status).toBe(204);
      expect((await api(token, 'PUT', '/me/player', { device_ids: ['robin-tv'] })).status).toBe(
        204,
      );
      expect((await play(token, { uris: [A] })).status).toBe(204);
    });

    it('answers PREMIUM_REQUIRED to every command of a free account, reads still work', async () => {
      const token = await login('sam-free');
      for (const [method, path, body] of [
        ['PUT', '/me/player/play', { uris: [A] }],
        ['PUT', '/me/player/pause', undefined],
        ['POST', '/me/player/next', undefined],
        ['PUT', '/me/player/seek?position_ms=0', undefined],
        ['PUT', '/me/player', { device_ids: ['sam-phone'] }],
        ['POST', `/me/player/queue?uri=${A}`, undefined],
      ] as const) {
        const response = await api(token, method, path, body);
        expect([path, response.status, response.body.error.reason]).toEqual([
          path,
          403,
          'PREMIUM_REQUIRED',
        ]);
      }
      expect((await api(token, 'GET', '/me/player/devices')).status).toBe(200);
      expect((await api(token, 'GET', '/me/player')).status).toBe(204);
    });
  });

  describe('the control API as the host’s own Spotify app', () => {
    it('pauses, resumes, plays something else, ends the track, switches devices off and on, unlogged', async () => {
      const token = await login('dj-alex');
      await play(token, { uris: [A, B] });
      const before = (await control('/requests?account=dj-alex')).count as number;

      expect(await control('/accounts/dj-alex/player/pause', {})).toMatchObject({
        isPlaying: false,
      });
      await control('/accounts/dj-alex/player/pause', {}, 409);
      expect((await control('/accounts/dj-alex/player/resume', {})).isPlaying).toBe(true);
      expect(await control('/accounts/dj-alex/player/end-track', {})).toMatchObject({
        item: B,
        isPlaying: true,
      });
      expect(await control('/accounts/dj-alex/player/play', { uris: [C, D] })).toMatchObject({
        item: C,
        upNext: [D],
      });
      await control('/accounts/dj-alex/player/play', { uris: ['spotify:track:nope'] }, 400);

      // The phone's app is closed: playback pauses and Spotify has nothing active.
      expect(await control('/accounts/dj-alex/devices/alex-phone/off', {})).toMatchObject({
        activeDeviceId: null,
        isPlaying: false,
        item: C,
      });
      expect((await api(token, 'GET', '/me/player')).status).toBe(204);
      expect((await play(token)).body.error.reason).toBe('NO_ACTIVE_DEVICE');
      expect(await control('/accounts/dj-alex/devices/alex-phone/on', {})).toMatchObject({
        activeDeviceId: 'alex-phone',
        isPlaying: false,
      });
      expect((await api(token, 'GET', '/me/player')).body).toMatchObject({
        is_playing: false,
        item: { uri: C },
      });
      await control('/accounts/dj-alex/devices/nowhere/on', {}, 404);
      // Pressing play in the laptop's app makes it the active device.
      await control('/accounts/dj-alex/devices/alex-phone/off', {});
      expect(
        await control('/accounts/dj-alex/player/resume', { deviceId: 'alex-laptop' }),
      ).toMatchObject({ activeDeviceId: 'alex-laptop', isPlaying: true, item: C });

      // Only our app's three Web API calls since `before` are in the log.
      const after = (await control('/requests?account=dj-alex')).count as number;
      expect(after - before).toBe(3);
    });
  });

  describe('playlists', () => {
    it('creates a public playlist by default, fills it at a position and reads it back', async () => {
      const token = await login('dj-alex');
      const created = await api(token, 'POST', '/me/playlists', {
        name: 'Tonight',
        description: 'the party',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Tonight',
        description: 'the party',
        public: true,
        owner: { id: 'dj-alex' },
        items: { total: 0 },
        type: 'playlist',
      });
      const id = created.body.id as string;
      expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
      const added = await api(token, 'POST', `/playlists/${id}/items`, { uris: [A, C] });
      expect(added.status).toBe(201);
      expect(added.body.snapshot_id).toEqual(expect.any(String));
      expect(added.body.snapshot_id).not.toBe(created.body.snapshot_id);
      expect(
        (await api(token, 'POST', `/playlists/${id}/items`, { uris: [B], position: 1 })).status,
      ).toBe(201);
      const items = await api(token, 'GET', `/playlists/${id}/items`);
      expect(items.body.items.map((entry: { item: { uri: string } }) => entry.item.uri)).toEqual([
        A,
        B,
        C,
      ]);
      const mine = await api(token, 'GET', '/me/playlists');
      expect(mine.body.items[0]).toMatchObject({ id, items: { total: 3 } });
    });

    it('refuses what Spotify refuses', async () => {
      const token = await login('dj-alex');
      const { body: playlist } = await api(token, 'POST', '/me/playlists', { name: 'P' });
      const tooMany = Array.from({ length: 101 }, (_, i) => uri(i));
      expect(
        (await api(token, 'POST', `/playlists/${playlist.id}/items`, { uris: tooMany })).status,
      ).toBe(400);
      expect(
        (
          await api(token, 'POST', `/playlists/${playlist.id}/items`, {
            uris: tooMany.slice(0, 100),
          })
        ).status,
      ).toBe(201);
      expect(
        (await api(token, 'POST', `/playlists/${playlist.id}/items`, { uris: [A], position: 500 }))
          .status,
      ).toBe(400);
      expect((await api(token, 'POST', '/me/playlists', {})).status).toBe(400);
      expect((await api(token, 'POST', '/users/dj-alex/playlists', { name: 'x' })).status).toBe(
        403,
      );
      expect((await api(token, 'GET', `/playlists/${playlist.id}/tracks`)).status).toBe(403);
      expect(
        (await api(token, 'POST', `/playlists/${playlist.id}/tracks`, { uris: [A] })).status,
      ).toBe(403);

      // Only the owner adds.
      const casey = await login('casey');
      const notOwner = await api(casey, 'POST', `/playlists/${playlist.id}/items`, { uris: [A] });
      expect(notOwner.status).toBe(403);

      // Public needs playlist-modify-public, private needs playlist-modify-private.
      const onlyPrivate = await login('casey', 'playlist-modify-private');
      expect((await api(onlyPrivate, 'POST', '/me/playlists', { name: 'x' })).status).toBe(403);
      const secret = await api(onlyPrivate, 'POST', '/me/playlists', { name: 'x', public: false });
      expect(secret.status).toBe(201);
      expect(secret.body.public).toBe(false);
      const noScope = await login('casey', 'user-read-private');
      const refused = await api(noScope, 'POST', `/playlists/${secret.body.id}/items`, {
        uris: [A],
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('Insufficient client scope');
    });
  });

  describe('faults and the request log', () => {
    it('counts player calls per account, with their query, and injects faults on player endpoints', async () => {
      const alex = await login('dj-alex');
      const casey = await login('casey');
      await control('/faults', {
        method: 'PUT',
        path: '/v1/me/player/play',
        status: 429,
        retryAfter: 2,
        body: { error: { status: 429, message: 'API rate limit exceeded' } },
      });
      const limited = await play(alex, { uris: [A] }, 'alex-laptop');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect((await play(alex, { uris: [A] }, 'alex-laptop')).status).toBe(204);
      expect((await play(casey, { uris: [B] })).status).toBe(204);
      await api(alex, 'GET', '/me/player');

      const { requests, count } = (await control(
        '/requests?method=PUT&path=/v1/me/player/play&account=dj-alex',
      )) as { requests: SandboxRequestRecord[]; count: number };
      expect(count).toBe(2);
      expect(requests.map((r) => [r.status, r.query, r.account])).toEqual([
        [429, { device_id: 'alex-laptop' }, 'dj-alex'],
        [204, { device_id: 'alex-laptop' }, 'dj-alex'],
      ]);
      expect((await control('/requests?path=/v1/me/player&account=casey')).count).toBe(1);
    });
  });
});

describe('Spotify sandbox inside the app with SANDBOX_TRACK_DURATION_MS', () => {
  it('makes every track last that long', async () => {
    const t = await startTestApp({ env: { SANDBOX_TRACK_DURATION_MS: '300' } });
    try {
      const response = await fetch(`${t.url}/sandbox/spotify/__control/settings`);
      expect(((await response.json()) as { trackDurationMs: number }).trackDurationMs).toBe(300);
    } finally {
      await t.close();
    }
  });
});
