import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser, loginWithSpotify, submitSandboxLogin } from './support/browser.js';
import { startExternalSpotify } from './support/external-spotify.js';
import { errorCode } from './support/graphql.js';
import {
  createRoomOperation,
  joinAsGuestOperation,
  joinRoomOperation,
  meOperation,
  perform,
  roomOperation,
  roomUpdatedOperation,
  run,
} from './support/factories.js';
import { loginAs } from './support/login.js';
import { freshStorage, freePort, startTestApp, type TestApp } from './support/test-app.js';

interface LoginBody {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  user: { id: string; spotifyId: string; displayName: string; isGuest: boolean };
}

describe('Spotify login (sandbox mode, one instance)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Many logins from one address in a minute: more than the default limit lets through.
    t = await startTestApp({
      env: { FRONTEND_ORIGINS: 'http://127.0.0.1:5173', RATE_LIMIT_LOGIN: '100' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs two users in through the whole redirect flow and issues our own tokens', async () => {
    const alex = await loginWithSpotify(t.url, 'dj-alex');
    expect(alex.response.status).toBe(200);
    expect(alex.response.headers.get('cache-control')).toBe('no-store');
    const alexBody = (await alex.response.json()) as LoginBody;
    expect(alexBody).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      user: { spotifyId: 'dj-alex', displayName: 'DJ Alex', isGuest: false },
    });
    const casey = await loginWithSpotify(t.url, 'casey');
    const caseyBody = (await casey.response.json()) as LoginBody;
    expect(caseyBody.user.spotifyId).toBe('casey');
    expect(caseyBody.user.id).not.toBe(alexBody.user.id);

    const me = await run(t, meOperation('id spotifyId displayName isGuest'), alexBody.accessToken);
    expect(me.data!.me).toEqual({
      id: alexBody.user.id,
      spotifyId: 'dj-alex',
      displayName: 'DJ Alex',
      isGuest: false,
    });

    // Logging in again keeps the same user (keyed on the Spotify id).
    const again = (await (await loginWithSpotify(t.url, 'dj-alex')).response.json()) as LoginBody;
    expect(again.user.id).toBe(alexBody.user.id);
  });

  it('hands the caller, and only the caller, a fresh Spotify access token', async () => {
    const alex = (await (await loginWithSpotify(t.url, 'dj-alex')).response.json()) as LoginBody;
    const casey = (await (await loginWithSpotify(t.url, 'casey')).response.json()) as LoginBody;
    const own = await run(
      t,
      meOperation('spotifyAccessToken { accessToken expiresAt }'),
      alex.accessToken,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data!.me.spotifyAccessToken.accessToken).toEqual(expect.any(String));
    expect(new Date(own.data!.me.spotifyAccessToken.expiresAt).getTime()).toBeGreaterThan(
      Date.now(),
    );
    // Through a room, Alex sees Casey as a participant, but never Casey's token.
    const room = await perform(
      t,
      createRoomOperation({ likeThreshold: 2 }, 'code'),
      alex.accessToken,
    );
    const code = room.createRoom.code as string;
    await perform(t, joinRoomOperation(code), casey.accessToken);
    const seen = await run(
      t,
      roomOperation(
        code,
        'participants { user { spotifyId spotifyAccessToken { accessToken } email } }',
      ),
      alex.accessToken,
    );
    const caseySeen = seen.data!.room.participants.find(
      (p: { user: { spotifyId: string } }) => p.user.spotifyId === 'casey',
    );
    expect(caseySeen.user).toEqual({ spotifyId: 'casey', spotifyAccessToken: null, email: null });
  });

  it('answers a refused consent with a clear 4xx and no token', async () => {
    const browser = new Browser();
    const { response: page, url } = await browser.follow(`${t.url}/auth/login`);
    const callback = await submitSandboxLogin(browser, url, await page.text(), { deny: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const response = await browser.fetch(callback);
    expect(response.status).toBe(403);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REFUSED' });
    expect(body).not.toHaveProperty('accessToken');
  });

  it('refuses a forged state', async () => {
    const browser = new Browser();
    const { url } = await browser.follow(`${t.url}/auth/login`, (next) =>
      next.pathname.endsWith('/authorize'),
    );
    const forged = new URL('/auth/callback', t.url);
    forged.searchParams.set('code', 'made-up');
    forged.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const response = await browser.fetch(forged);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'STATE_INVALID',
    });
  });

  it('answers a code Spotify rejects with CODE_REJECTED, and spends the state', async () => {
    const browser = new Browser();
    const { url } = await browser.follow(`${t.url}/auth/login`, (next) =>
      next.pathname.endsWith('/authorize'),
    );
    const callback = new URL('/auth/callback', t.url);
    callback.searchParams.set('code', 'not-a-code-spotify-gave');
    callback.searchParams.set('state', url.searchParams.get('state')!);
    const response = await browser.fetch(callback);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_REJECTED' });
    expect(body).not.toHaveProperty('accessToken');
    const again = await browser.fetch(callback);
    expect(await again.json()).toMatchObject({ reason: 'STATE_INVALID' });
  });

  it('refuses a state presented by another browser', async () => {
    const victim = new Browser();
    const { response: page, url } = await victim.follow(`${t.url}/auth/login`);
    const callback = await submitSandboxLogin(victim, url, await page.text(), {
      account: 'dj-alex',
    });
    const attacker = new Browser();
    const response = await attacker.fetch(callback);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ reason: 'STATE_INVALID' });
  });

  it('refuses a replayed callback', async () => {
    const { response, browser, callbackUrl } = await loginWithSpotify(t.url, 'dj-alex');
    expect(response.status).toBe(200);
    const replay = await browser.fetch(callbackUrl);
    expect(replay.status).toBe(400);
    const body = (await replay.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(body).not.toHaveProperty('accessToken');
  });

  it('sends the token to an allowed frontend in the URL fragment', async () => {
    const { response } = await loginWithSpotify(t.url, 'dj-alex', {
      redirect: 'http://127.0.0.1:5173/after-login?x=1',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(
      'http://127.0.0.1:5173/after-login?x=1',
    );
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    const me = await run(t, meOperation('spotifyId'), fragment.get('access_token')!);
    expect(me.data).toEqual({ me: { spotifyId: 'dj-alex' } });
  });

  it.each([
    ['its own origin', (url: string) => `${url}/join/ABC234?x=1`],
    ['a path on its own origin', () => '/join/ABC234?x=1'],
  ])('sends the token back to %s, with no FRONTEND_ORIGINS entry', async (_what, redirect) => {
    const { response } = await loginWithSpotify(t.url, 'casey', { redirect: redirect(t.url) });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(
      `${t.url}/join/ABC234?x=1`,
    );
    const fragment = new URLSearchParams(location.hash.slice(1));
    const me = await run(t, meOperation('spotifyId'), fragment.get('access_token')!);
    expect(me.data).toEqual({ me: { spotifyId: 'casey' } });
  });

  it('takes its own origin from the Host the browser used, not from another server', async () => {
    const port = new URL(t.url).port;
    const response = await fetch(
      `${t.url}/auth/login?redirect=${encodeURIComponent(`http://localhost:${port}/`)}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ reason: 'REDIRECT_NOT_ALLOWED' });
  });

  it.each([
    'https://evil.example/steal',
    'http://127.0.0.1:5174/',
    'javascript:alert(1)',
    '//evil.example',
  ])('refuses the redirect %s before going to Spotify', async (redirect) => {
    const response = await fetch(`${t.url}/auth/login?redirect=${encodeURIComponent(redirect)}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'REDIRECT_NOT_ALLOWED',
    });
  });

  it('sends the login to Spotify with the code flow, PKCE S256, a state and the scopes', async () => {
    const response = await fetch(`${t.url}/auth/login`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.pathname).toBe('/sandbox/spotify/accounts/authorize');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'sandbox-client-id',
      redirect_uri: `${t.url}/auth/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{20,}$/),
    });
    expect(location.searchParams.get('scope')!.split(' ')).toEqual(
      expect.arrayContaining([
        'user-read-private',
        'playlist-read-private',
        'user-modify-playback-state',
        'playlist-modify-private',
      ]),
    );
    expect(response.headers.getSetCookie().join()).toMatch(/sp_login=.*HttpOnly/i);
  });
});

describe('Spotify login across instances', () => {
  it('completes on instance B a login begun on instance A (shared database)', async () => {
    const storage = await freshStorage();
    const portA = await freePort();
    const { sandbox, env } = await startExternalSpotify(`http://127.0.0.1:${portA}/auth/callback`);
    const a = await startTestApp({
      env,
      port: portA,
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
    });
    const b = await startTestApp({
      env,
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
    });
    try {
      const { response } = await loginWithSpotify(a.url, 'casey', { callbackBase: b.url });
      expect(response.status).toBe(200);
      const body = (await response.json()) as LoginBody;
      const me = await run(a, meOperation('spotifyId'), body.accessToken);
      expect(me.data).toEqual({ me: { spotifyId: 'casey' } });
    } finally {
      await a.close();
      await b.close();
      await storage.cleanup();
      await sandbox.close();
    }
  });
});

describe('Rate limits', () => {
  it('limits logins and guest joins per address, mutations per user', async () => {
    const t = await startTestApp({
      env: { RATE_LIMIT_LOGIN: '3', RATE_LIMIT_GUEST_JOIN: '2', RATE_LIMIT_MUTATIONS: '4' },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await fetch(`${t.url}/auth/login`, { redirect: 'manual' })).status);
      }
      expect(statuses).toEqual([302, 302, 302, 429]);
      const limited = await fetch(`${t.url}/auth/login`, { redirect: 'manual' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });

      const join = joinAsGuestOperation('AAAAAA', 'x');
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push(errorCode(await run(t, join)));
      expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);
    } finally {
      await t.close();
    }
  });

  it('limits mutations per user', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_MUTATIONS: '3' } });
    try {
      const { token: alex } = await loginAs(t, 'dj-alex');
      const create = createRoomOperation({ likeThreshold: 2 }, 'code');
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push(errorCode(await run(t, create, alex)) ?? 'ok');
      expect(codes).toEqual(['ok', 'ok', 'ok', 'TOO_MANY_REQUESTS']);
    } finally {
      await t.close();
    }
  });
});

describe('Access tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { GUEST_SESSION_EXPIRES_IN: '60' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses expired and tampered tokens over HTTP and WebSocket', async () => {
    const { AuthTokenService } = await import('../src/auth/auth-token.service.js');
    const { JwtService } = await import('@nestjs/jwt');
    const jwt = t.app.get(JwtService);
    const expired = jwt.sign({ sub: '00000000-0000-4000-8000-000000000000' }, { expiresIn: -10 });
    const valid = t.app
      .get(AuthTokenService)
      .issueForUser('00000000-0000-4000-8000-000000000000').accessToken;
    const tampered = `${valid.slice(0, -3)}${valid.endsWith('a') ? 'b' : 'a'}aa`;
    const foreign = new (await import('@nestjs/jwt')).JwtService({ secret: 'x'.repeat(40) }).sign(
      { sub: 'someone' },
      { issuer: 'spotify-party' },
    );
    for (const token of [expired, tampered, foreign, 'not-a-jwt']) {
      const response = await run(t, meOperation('id'), token);
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    }
    const expiredResponse = await run(t, meOperation('id'), expired);
    expect(expiredResponse.errors![0].extensions!.reason).toBe('TOKEN_EXPIRED');

    const { wsClient, subscribe } = await import('./support/subscriptions.js');
    for (const token of [expired, tampered]) {
      const sub = subscribe(wsClient(t.wsUrl, token), roomUpdatedOperation('AAAAAA', 'id'));
      await expect(sub.waitFor(1)).rejects.toThrow(/4403/);
      await sub.dispose().catch(() => undefined);
    }
  });
});
