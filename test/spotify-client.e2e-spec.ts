import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErrorCode } from '../src/common/errors/error-code.enum.js';
import { createPkcePair } from '../src/spotify/pkce.js';
import {
  sandboxCatalogue,
  startSpotifySandbox,
  type RunningSpotifySandbox,
} from '../src/spotify-sandbox/index.js';
import { SpotifyAccountsClient } from '../src/spotify/spotify-accounts.client.js';
import { SpotifyApiService } from '../src/spotify/spotify-api.service.js';
import { SpotifyCredential } from '../src/spotify/spotify-credential.entity.js';
import { SpotifyCredentialsService } from '../src/spotify/spotify-credentials.service.js';
import { SpotifyTrack } from '../src/spotify/spotify-track.entity.js';
import { SpotifyTrackMetadataService } from '../src/spotify/spotify-track-metadata.service.js';
import { SpotifyTracksService } from '../src/spotify/spotify-tracks.service.js';
import { SpotifyException } from '../src/spotify/spotify.exception.js';
import type { SpotifyTokenSet } from '../src/spotify/spotify.types.js';
import { TokenCipher } from '../src/spotify/token-cipher.js';
import { UsersService } from '../src/users/users.service.js';
import { authorizeInSandbox } from './support/spotify-login.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REDIRECT_URI = 'http://127.0.0.1:9/auth/callback';
const TIMEOUT_MS = 800;

interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

describe('Spotify client against the sandbox', () => {
  let sb: RunningSpotifySandbox;
  let t: TestApp;
  let accounts: SpotifyAccountsClient;
  let credentials: SpotifyCredentialsService;
  let api: SpotifyApiService;
  let tracks: SpotifyTracksService;
  let trackMetadata: SpotifyTrackMetadataService;
  let cipher: TokenCipher;
  let users: UsersService;
  let dataSource: DataSource;
  /** Every token handed out in this suite: none may reach the database or the logs in clear. */
  const seenTokens = new Set<string>();
  const logSpies = (['log', 'warn', 'error', 'debug', 'verbose'] as const).map((method) =>
    jest.spyOn(Logger.prototype, method),
  );

  async function control(path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${sb.url}/__control${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  async function requests(): Promise<RequestRecord[]> {
    return ((await control('/requests')) as { requests: RequestRecord[] }).requests;
  }

  /** Requests served since `mark` (an index into the request log) whose path starts with `prefix`. */
  async function requestsSince(mark: number, prefix = ''): Promise<RequestRecord[]> {
    return (await requests()).slice(mark).filter((r) => r.path.startsWith(prefix));
  }

  async function mark(): Promise<number> {
    return (await requests()).length;
  }

  function remember(tokens: SpotifyTokenSet): SpotifyTokenSet {
    seenTokens.add(tokens.accessToken);
    if (tokens.refreshToken) seenTokens.add(tokens.refreshToken);
    return tokens;
  }

  async function login(account: string): Promise<SpotifyTokenSet> {
    const pkce = createPkcePair();
    const state = randomBytes(8).toString('hex');
    const url = accounts.authorizeUrl({ state, codeChallenge: pkce.challenge });
    const answer = await authorizeInSandbox(url, account);
    expect(answer.state).toBe(state);
    return remember(await accounts.exchangeCode(answer.code, pkce.verifier));
  }

  /** A user of ours, linked to a sandbox account with fresh tokens. */
  async function link(account = 'dj-alex'): Promise<{ userId: string; tokens: SpotifyTokenSet }> {
    const tokens = await login(account);
    const user = await users.upsertSpotifyUser({
      spotifyId: account,
      displayName: account,
      avatarUrl: null,
      email: null,
    });
    await credentials.save(user.id, tokens);
    return { userId: user.id, tokens };
  }

  async function storedRow(userId: string): Promise<SpotifyCredential> {
    return dataSource.getRepository(SpotifyCredential).findOneByOrFail({ userId });
  }

  async function spotifyError(
    promise: Promise<unknown>,
    code: ErrorCode,
    reason?: string,
  ): Promise<SpotifyException> {
    const error = await promise.then(
      () => {
        throw new Error(`expected a SpotifyException ${code}`);
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpotifyException);
    const exception = error as SpotifyException;
    expect(exception.code).toBe(code);
    if (reason) expect(exception.reason).toBe(reason);
    return exception;
  }

  beforeAll(async () => {
    sb = await startSpotifySandbox({
      port: 0,
      clients: [
        { clientId: 'test-client', clientSecret: 'test-secret', redirectUris: [REDIRECT_URI] },
      ],
    });
    t = await startTestApp({
      env: {
        SPOTIFY_CLIENT_ID: 'test-client',
        SPOTIFY_CLIENT_SECRET: 'test-secret',
        SPOTIFY_REDIRECT_URI: REDIRECT_URI,
        SPOTIFY_ACCOUNTS_URL: `${sb.url}/accounts`,
        SPOTIFY_API_URL: `${sb.url}/v1`,
        SPOTIFY_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
    accounts = t.app.get(SpotifyAccountsClient);
    credentials = t.app.get(SpotifyCredentialsService);
    api = t.app.get(SpotifyApiService);
    tracks = t.app.get(SpotifyTracksService);
    trackMetadata = t.app.get(SpotifyTrackMetadataService);
    cipher = t.app.get(TokenCipher);
    users = t.app.get(UsersService);
    dataSource = t.app.get(DataSource);
  });

  afterAll(async () => {
    for (const spy of logSpies) spy.mockRestore();
    await t?.close();
    await sb?.close();
  });

  beforeEach(async () => {
    await control('/reset', {});
  });

  describe('Accounts', () => {
    it('builds an authorize URL for the code flow with PKCE and every scope', () => {
      const url = new URL(
        accounts.authorizeUrl({ state: 'st4te', codeChallenge: 'chal', showDialog: true }),
      );
      expect(`${url.origin}${url.pathname}`).toBe(`${sb.url}/accounts/authorize`);
      const params = Object.fromEntries(url.searchParams);
      expect(params).toEqual({
        client_id: 'test-client',
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        state: 'st4te',
        scope:
          'user-read-private user-read-email playlist-read-private playlist-read-collaborative ' +
          'user-read-playback-state user-modify-playback-state playlist-modify-private streaming',
        code_challenge_method: 'S256',
        code_challenge: 'chal',
        show_dialog: 'true',
      });
      const plain = new URL(accounts.authorizeUrl({ state: 's', codeChallenge: 'c' }));
      expect(plain.searchParams.has('show_dialog')).toBe(false);
    });

    it('exchanges a code (HTTP Basic, form body) for tokens that read the profile', async () => {
      const before = await mark();
      const tokens = await login('dj-alex');
      expect(tokens.accessToken).toEqual(expect.any(String));
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(tokens.expiresIn).toBe(3600);
      expect(tokens.scope).toContain('user-modify-playback-state');
      const tokenCalls = await requestsSince(before, '/accounts/api/token');
      expect(tokenCalls).toEqual([expect.objectContaining({ method: 'POST', status: 200 })]);

      await expect(api.getProfile(tokens.accessToken)).resolves.toEqual({
        id: 'dj-alex',
        displayName: 'DJ Alex',
        avatarUrl: expect.any(String),
        email: null,
        accountId: 'acct-dj-alex',
      });
      const emery = await login('emery-extended');
      await expect(api.getProfile(emery.accessToken)).resolves.toMatchObject({
        id: 'emery-extended',
        email: 'emery@example.com',
      });
    });

    it('rejects a reused code and a wrong PKCE verifier as INVALID_GRANT', async () => {
      const pkce = createPkcePair();
      const url = accounts.authorizeUrl({ state: 's1', codeChallenge: pkce.challenge });
      const { code } = await authorizeInSandbox(url, 'dj-alex');
      remember(await accounts.exchangeCode(code, pkce.verifier));
      await spotifyError(
        accounts.exchangeCode(code, pkce.verifier),
        ErrorCode.BAD_USER_INPUT,
        'INVALID_GRANT',
      );

      const other = await authorizeInSandbox(
        accounts.authorizeUrl({ state: 's2', codeChallenge: pkce.challenge }),
        'dj-alex',
      );
      await spotifyError(
        accounts.exchangeCode(other.code, createPkcePair().verifier),
        ErrorCode.BAD_USER_INPUT,
        'INVALID_GRANT',
      );
    });
  });

  describe('Tokens', () => {
    it('refreshes a token that is about to expire, once', async () => {
      await control('/settings', { tokenLifetimeSeconds: 30 });
      const { userId, tokens } = await link();
      await control('/settings', { tokenLifetimeSeconds: 3600 });
      const before = await mark();

      const fresh = await credentials.freshAccessToken(userId);
      seenTokens.add(fresh.accessToken);
      expect(fresh.accessToken).not.toBe(tokens.accessToken);
      expect(fresh.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
      expect(await requestsSince(before, '/accounts/api/token')).toHaveLength(1);

      await expect(credentials.accessTokenFor(userId)).resolves.toBe(fresh.accessToken);
      const devices = await api.getDevices(userId);
      expect(devices.map((d) => d.id)).toEqual(['alex-phone', 'alex-laptop']);
      expect(devices[0]).toMatchObject({ isActive: true, type: 'Smartphone' });
      expect(await requestsSince(before, '/accounts/api/token')).toHaveLength(1);
    });

    it('refreshes once and retries once when the Web API answers 401', async () => {
      const { userId } = await link();
      await control('/accounts/dj-alex/expire-access-tokens', {});
      const before = await mark();

      const devices = await api.getDevices(userId);
      expect(devices).toHaveLength(2);
      const served = await requestsSince(before);
      expect(served.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'GET /v1/me/player/devices 401',
        'POST /accounts/api/token 200',
        'GET /v1/me/player/devices 200',
      ]);
      seenTokens.add(await credentials.accessTokenFor(userId));
    });

    it('stores a rotated refresh token and keeps the old one when none is returned', async () => {
      const { userId, tokens } = await link();
      const storedRefresh = async () => cipher.decrypt((await storedRow(userId)).refreshTokenEnc);
      expect(await storedRefresh()).toBe(tokens.refreshToken);

      // 'never' (the default): the answer has no refresh token, the old one stays.
      seenTokens.add(await credentials.forceRefresh(userId));
      expect(await storedRefresh()).toBe(tokens.refreshToken);

      await control('/settings', { refreshTokenRotation: 'always' });
      seenTokens.add(await credentials.forceRefresh(userId));
      const rotated = await storedRefresh();
      seenTokens.add(rotated);
      expect(rotated).not.toBe(tokens.refreshToken);
      // The old refresh token is dead now: a second refresh only works with the stored new one.
      seenTokens.add(await credentials.forceRefresh(userId));
      const rotatedAgain = await storedRefresh();
      seenTokens.add(rotatedAgain);
      expect(rotatedAgain).not.toBe(rotated);
      await expect(api.getDevices(userId)).resolves.toHaveLength(2);
      expect((await storedRow(userId)).reauthRequired).toBe(false);
    });

    it('shares one refresh between 10 concurrent callers of an expiring token', async () => {
      await control('/settings', { tokenLifetimeSeconds: 30, refreshTokenRotation: 'always' });
      const { userId } = await link();
      await control('/settings', { tokenLifetimeSeconds: 3600 });
      const before = await mark();

      const results = await Promise.all(Array.from({ length: 10 }, () => api.getDevices(userId)));
      for (const devices of results) expect(devices).toHaveLength(2);
      const tokenCalls = await requestsSince(before, '/accounts/api/token');
      expect(tokenCalls).toEqual([expect.objectContaining({ method: 'POST', status: 200 })]);
      expect((await requestsSince(before, '/v1/')).every((r) => r.status === 200)).toBe(true);
      seenTokens.add(await credentials.accessTokenFor(userId));
      seenTokens.add(cipher.decrypt((await storedRow(userId)).refreshTokenEnc));
    });

    it('shares one refresh between 10 concurrent callers that all got a 401', async () => {
      const { userId } = await link();
      await control('/accounts/dj-alex/expire-access-tokens', {});
      const before = await mark();

      const results = await Promise.all(Array.from({ length: 10 }, () => api.getDevices(userId)));
      for (const devices of results) expect(devices).toHaveLength(2);
      expect(await requestsSince(before, '/accounts/api/token')).toHaveLength(1);
      seenTokens.add(await credentials.accessTokenFor(userId));
    });

    it('turns invalid_grant on refresh into UNAUTHENTICATED and reauthRequired, never retried', async () => {
      const { userId } = await link();
      await control('/accounts/dj-alex/revoke-refresh-tokens', {});
      await control('/accounts/dj-alex/expire-access-tokens', {});
      const before = await mark();

      const error = await spotifyError(
        api.getDevices(userId),
        ErrorCode.UNAUTHENTICATED,
        'REAUTH_REQUIRED',
      );
      expect(error.message).toMatch(/log in with Spotify again/);
      const tokenCalls = await requestsSince(before, '/accounts/api/token');
      expect(tokenCalls).toEqual([expect.objectContaining({ status: 400 })]);
      expect((await storedRow(userId)).reauthRequired).toBe(true);
      await expect(credentials.hasCredentials(userId)).resolves.toBe(false);

      // Later calls fail at once, without asking Spotify again.
      const later = await mark();
      await spotifyError(api.search(userId, 'love'), ErrorCode.UNAUTHENTICATED, 'REAUTH_REQUIRED');
      await spotifyError(credentials.forceRefresh(userId), ErrorCode.UNAUTHENTICATED);
      expect(await requestsSince(later)).toEqual([]);

      // Logging in again repairs the link.
      await link();
      await expect(credentials.hasCredentials(userId)).resolves.toBe(true);
      await expect(api.getDevices(userId)).resolves.toHaveLength(2);
    });

    it('answers NOT_LINKED for a user without Spotify tokens', async () => {
      const guest = await users.createGuest('Guest');
      await spotifyError(api.getDevices(guest.id), ErrorCode.FORBIDDEN, 'NOT_LINKED');
      await expect(credentials.hasCredentials(guest.id)).resolves.toBe(false);
    });
  });

  describe('Failures', () => {
    it('waits out a short 429 and retries once', async () => {
      const { userId } = await link();
      await control('/faults', {
        method: 'GET',
        path: '/v1/search',
        status: 429,
        retryAfter: 1,
        body: { error: { status: 429, message: 'API rate limit exceeded' } },
      });
      const before = await mark();
      const started = Date.now();
      const found = await api.search(userId, 'love', 5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(found.length).toBeGreaterThan(0);
      expect((await requestsSince(before, '/v1/search')).map((r) => r.status)).toEqual([429, 200]);
    });

    it('gives a long 429 back as TOO_MANY_REQUESTS with retryAfterSeconds', async () => {
      const { userId } = await link();
      await control('/faults', {
        path: '/v1/search',
        status: 429,
        retryAfter: 60,
        body: { error: { status: 429, message: 'API rate limit exceeded' } },
      });
      const before = await mark();
      const started = Date.now();
      const error = await spotifyError(
        api.search(userId, 'love'),
        ErrorCode.TOO_MANY_REQUESTS,
        'RATE_LIMITED',
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error.extensions).toEqual({ retryAfterSeconds: 60 });
      expect(await requestsSince(before, '/v1/search')).toHaveLength(1);
    });

    it('does not wait for an exhausted quota, even with a short Retry-After', async () => {
      const { userId } = await link();
      await control('/faults', {
        path: '/v1/me/player/devices',
        status: 429,
        retryAfter: 2,
        body: { error: { status: 429, message: 'Quota exceeded', reason: 'QUOTA_EXCEEDED' } },
      });
      const before = await mark();
      const error = await spotifyError(
        api.getDevices(userId),
        ErrorCode.TOO_MANY_REQUESTS,
        'QUOTA_EXCEEDED',
      );
      expect(error.extensions).toEqual({ retryAfterSeconds: 2 });
      expect(await requestsSince(before, '/v1/')).toHaveLength(1);
    });

    it('retries a read once after a 5xx, then gives up with SPOTIFY_UNAVAILABLE', async () => {
      const { userId } = await link();
      const fault = {
        path: '/v1/me/player/devices',
        status: 503,
        body: { error: { status: 503, message: 'Service unavailable' } },
      };
      await control('/faults', fault);
      let before = await mark();
      await expect(api.getDevices(userId)).resolves.toHaveLength(2);
      expect((await requestsSince(before, '/v1/')).map((r) => r.status)).toEqual([503, 200]);

      await control('/faults', { ...fault, count: 2 });
      before = await mark();
      await spotifyError(api.getDevices(userId), ErrorCode.SPOTIFY_UNAVAILABLE, 'UNAVAILABLE');
      expect((await requestsSince(before, '/v1/')).map((r) => r.status)).toEqual([503, 503]);
    });

    it('does not retry a player command after a 5xx', async () => {
      const { userId } = await link();
      await control('/faults', { method: 'PUT', path: '/v1/me/player/play', status: 502 });
      const before = await mark();
      const uri = sandboxCatalogue()[3].uri;
      await spotifyError(api.play(userId, [uri]), ErrorCode.SPOTIFY_UNAVAILABLE);
      expect(await requestsSince(before, '/v1/')).toHaveLength(1);
    });

    it('times out a slow answer: one retry for reads, then SPOTIFY_UNAVAILABLE', async () => {
      const { userId } = await link();
      const slow = { path: '/v1/me/player/devices', delayMs: TIMEOUT_MS + 700 };
      await control('/faults', slow);
      await expect(api.getDevices(userId)).resolves.toHaveLength(2);

      await control('/faults', { ...slow, count: 2 });
      const started = Date.now();
      await spotifyError(api.getDevices(userId), ErrorCode.SPOTIFY_UNAVAILABLE, 'UNAVAILABLE');
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(2 * TIMEOUT_MS);
      expect(elapsed).toBeLessThan(2 * TIMEOUT_MS + 1500);
    });

    it('survives a plain-text 403 (an account missing from the allowlist)', async () => {
      const { userId } = await link('morgan-unlisted');
      const error = await spotifyError(api.getDevices(userId), ErrorCode.FORBIDDEN, 'FORBIDDEN');
      expect(error.message).toContain('User not registered in the Developer Dashboard');
      await spotifyError(api.search(userId, 'love'), ErrorCode.FORBIDDEN, 'FORBIDDEN');
    });

    it('needs Premium for player commands', async () => {
      const { userId } = await link('sam-free');
      const uri = sandboxCatalogue()[0].uri;
      const play = await spotifyError(api.play(userId, [uri]), ErrorCode.FORBIDDEN);
      expect(play.reason).toBe('PREMIUM_REQUIRED');
      await spotifyError(api.addToQueue(userId, uri), ErrorCode.FORBIDDEN, 'PREMIUM_REQUIRED');
    });

    it('needs an active device, or an existing device id', async () => {
      const { userId } = await link('robin-nodevice');
      const uri = sandboxCatalogue()[1].uri;
      await expect(api.currentlyPlaying(userId)).resolves.toBeNull();
      await spotifyError(api.play(userId, [uri]), ErrorCode.CONFLICT, 'NO_ACTIVE_DEVICE');
      await spotifyError(api.addToQueue(userId, uri), ErrorCode.CONFLICT, 'NO_ACTIVE_DEVICE');
      await spotifyError(
        api.play(userId, [uri], 'no-such-device'),
        ErrorCode.CONFLICT,
        'DEVICE_NOT_FOUND',
      );

      await api.play(userId, [uri], 'robin-tv');
      const player = (await control('/player/robin-nodevice')) as { item: string | null };
      expect(player.item).toBe(uri);
      const now = await api.currentlyPlaying(userId);
      expect(now).toMatchObject({ isPlaying: true, deviceId: 'robin-tv', track: { uri } });
    });

    it('rejects a malformed track uri before calling Spotify', async () => {
      const { userId } = await link();
      const before = await mark();
      await spotifyError(api.getTrack(userId, 'spotify:album:nope'), ErrorCode.BAD_USER_INPUT);
      await spotifyError(api.addToQueue(userId, 'nope'), ErrorCode.BAD_USER_INPUT);
      expect(await requestsSince(before, '/v1/')).toEqual([]);
    });
  });

  describe('Catalogue', () => {
    it('clamps the search limit to 10 and caches what it found', async () => {
      const { userId } = await link();
      const before = await mark();
      const found = await api.search(userId, 'a', 50);
      expect(found).toHaveLength(10);
      expect(await requestsSince(before, '/v1/search')).toEqual([
        expect.objectContaining({ status: 200 }),
      ]);
      const first = found[0];
      expect(first.uri).toBe(`spotify:track:${first.id}`);
      expect(first.artists.length).toBeGreaterThan(0);
      const catalogued = sandboxCatalogue().find((track) => track.uri === first.uri)!;
      expect(first).toMatchObject({
        name: catalogued.name,
        durationMs: catalogued.duration_ms,
        explicit: catalogued.explicit,
        isrc: catalogued.external_ids.isrc,
        album: catalogued.album.name,
      });

      const cached = await tracks.findByUris(found.map((track) => track.uri));
      expect(cached.size).toBe(10);
      expect(cached.get(first.uri)).toMatchObject({ name: first.name, artists: first.artists });

      const next = await api.search(userId, 'a', 10, 10);
      expect(next.map((t) => t.uri)).not.toContain(first.uri);
    });

    it('looks a track up once: the second lookup comes from the cache', async () => {
      const { userId } = await link();
      const track = sandboxCatalogue()[42];
      await dataSource.getRepository(SpotifyTrack).delete({ uri: track.uri });
      const before = await mark();

      const fetched = await api.getTrack(userId, track.uri);
      expect(fetched).toMatchObject({ uri: track.uri, id: track.id, name: track.name });
      const again = await api.getTrack(userId, track.id);
      expect(again).toEqual(fetched);
      expect(await requestsSince(before, '/v1/tracks')).toEqual([
        expect.objectContaining({ path: `/v1/tracks/${track.id}`, status: 200 }),
      ]);
    });

    it('ensures an unknown track in the background, once for concurrent callers', async () => {
      const { userId } = await link();
      const track = sandboxCatalogue()[77];
      await dataSource.getRepository(SpotifyTrack).delete({ uri: track.uri });
      const before = await mark();

      await Promise.all(Array.from({ length: 5 }, () => trackMetadata.ensure(track.uri, userId)));
      expect(await requestsSince(before, '/v1/tracks')).toHaveLength(1);
      expect((await tracks.findByUris([track.uri])).get(track.uri)?.name).toBe(track.name);
      await trackMetadata.ensure(track.uri, userId);
      expect(await requestsSince(before, '/v1/tracks')).toHaveLength(1);

      // Failures are swallowed (and logged), never thrown at the caller.
      const unknown = `spotify:track:${'0'.repeat(22)}`;
      await expect(trackMetadata.ensure(unknown, userId)).resolves.toBeUndefined();
      expect((await tracks.findByUris([unknown])).size).toBe(0);
    });

    it('lists playlists and reads owned ones through /items', async () => {
      const { userId } = await link();
      const playlists = await api.getMyPlaylists(userId);
      expect(playlists.filter((p) => p.ownerId === 'dj-alex')).toHaveLength(3);
      const followed = playlists.find((p) => p.ownerId !== 'dj-alex');
      expect(followed?.ownerId).toBe('casey');
      const owned = playlists.find((p) => p.ownerId === 'dj-alex' && p.itemsTotal > 0)!;
      const before = await mark();

      const items = await api.getPlaylistTracks(userId, owned.id);
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThanOrEqual(Math.min(owned.itemsTotal, 50));
      for (const item of items) expect(item.uri).toMatch(/^spotify:track:[0-9A-Za-z]{22}$/);
      expect(await requestsSince(before, '/v1/playlists')).toEqual([
        expect.objectContaining({ path: `/v1/playlists/${owned.id}/items`, status: 200 }),
      ]);
      const cached = await tracks.findByUris(items.map((track) => track.uri));
      expect(cached.size).toBe(new Set(items.map((track) => track.uri)).size);

      await spotifyError(api.getPlaylistTracks(userId, followed!.id), ErrorCode.FORBIDDEN);
    });
  });

  it('never stores or logs a token in clear', async () => {
    const rows = await dataSource.query<Array<Record<string, unknown>>>(
      'SELECT * FROM spotify_credentials',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      seenTokens.add(cipher.decrypt(String(row.accessTokenEnc)));
      seenTokens.add(cipher.decrypt(String(row.refreshTokenEnc)));
      expect(String(row.accessTokenEnc)).toMatch(/^v1\./);
      expect(String(row.refreshTokenEnc)).toMatch(/^v1\./);
    }
    expect(seenTokens.size).toBeGreaterThan(20);
    const dump = JSON.stringify(rows);
    const logged = logSpies
      .flatMap((spy) => spy.mock.calls)
      .map((args) => args.map((arg) => (arg instanceof Error ? arg.stack : JSON.stringify(arg))))
      .join('\n');
    // The suite provoked warnings (429s, 5xx, timeouts, re-login): the check has material.
    expect(logged).toMatch(/rate limited/);
    expect(logged).toMatch(/re-login required/);
    for (const token of seenTokens) {
      expect(dump).not.toContain(token);
      expect(logged).not.toContain(token);
    }
    expect(logged).not.toMatch(/Bearer |Basic /);
  });
});
