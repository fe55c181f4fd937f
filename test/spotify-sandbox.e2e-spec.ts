import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import {
  sandboxCatalogue,
  startSpotifySandbox,
  type RunningSpotifySandbox,
} from '../src/spotify-sandbox/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CLIENT = {
  clientId: 'test-client',
  clientSecret: 'test-secret',
  redirectUris: ['http://127.0.0.1:9999/callback'],
};
const REDIRECT = CLIENT.redirectUris[0];
const DEMO_ACCOUNTS = [
  'dj-alex',
  'casey',
  'sam-free',
  'robin-nodevice',
  'morgan-unlisted',
  'emery-extended',
];

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** Drives the Accounts service like a browser plus a backend would. */
class SandboxClient {
  constructor(readonly base: string) {}

  authorize(params: Record<string, string>): Promise<Response> {
    const query = new URLSearchParams({
      client_id: CLIENT.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'xyz',
      scope: 'user-read-private',
      ...params,
    });
    return fetch(`${this.base}/accounts/authorize?${query.toString()}`, { redirect: 'manual' });
  }

  /** Shows the login page and presses one of its buttons; returns the redirect's query. */
  async decide(
    choice: Record<string, string>,
    params: Record<string, string> = {},
  ): Promise<URLSearchParams> {
    const page = await this.authorize(params);
    expect(page.status).toBe(200);
    const html = await page.text();
    const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(requestId).toBeDefined();
    const origin = new URL(this.base).origin;
    const response = await fetch(`${origin}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId!, ...choice }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(params.redirect_uri ?? REDIRECT);
    return location.searchParams;
  }

  async code(account: string, params: Record<string, string> = {}): Promise<string> {
    const query = await this.decide({ account }, params);
    expect(query.get('state')).toBe('xyz');
    return query.get('code')!;
  }

  async token(
    form: Record<string, string>,
    authorization: string | null = basic(CLIENT.clientId, CLIENT.clientSecret),
  ): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(`${this.base}/accounts/api/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async login(account: string): Promise<{ access_token: string; refresh_token: string }> {
    const code = await this.code(account);
    const { status, body } = await this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(status).toBe(200);
    return body as { access_token: string; refresh_token: string };
  }

  api(path: string, accessToken: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.base}/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${accessToken}`, ...init.headers },
    });
  }

  async control(path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.base}/__control${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  }
}

describe('Spotify sandbox over HTTP', () => {
  let sandbox: RunningSpotifySandbox;
  let s: SandboxClient;

  beforeAll(async () => {
    sandbox = await startSpotifySandbox({
      port: 0,
      clients: [
        CLIENT,
        {
          clientId: 'localhost-client',
          clientSecret: 'secret',
          redirectUris: ['http://localhost:9999/callback'],
        },
      ],
    });
    s = new SandboxClient(sandbox.url);
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    await s.control('/reset', {});
  });

  describe('Accounts service', () => {
    it('shows a login page listing every demo account in one form', async () => {
      const response = await s.authorize({});
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('Spotify sandbox — log in');
      expect(html).toContain('<form method="post" action="/accounts/authorize/decision">');
      for (const id of DEMO_ACCOUNTS) {
        expect(html).toContain(`<button type="submit" name="account" value="${id}">`);
      }
      expect(html).toContain('<button type="submit" name="deny" value="1">Cancel</button>');
    });

    it('redirects with access_denied when the user cancels', async () => {
      const query = await s.decide({ deny: '1' });
      expect(query.get('error')).toBe('access_denied');
      expect(query.get('state')).toBe('xyz');
      expect(query.get('code')).toBeNull();
    });

    it('answers an unregistered redirect URI with an error page, never a redirect', async () => {
      const response = await s.authorize({ redirect_uri: 'http://127.0.0.1:9999/elsewhere' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('Invalid redirect URI');
      const unknownClient = await s.authorize({ client_id: 'nobody' });
      expect(unknownClient.status).toBe(400);
      expect(unknownClient.headers.get('location')).toBeNull();
    });

    it('never accepts a localhost redirect URI, even a registered one', async () => {
      const response = await s.authorize({
        client_id: 'localhost-client',
        redirect_uri: 'http://localhost:9999/callback',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    });

    it('refuses the implicit grant with unsupported_response_type', async () => {
      const response = await s.authorize({ response_type: 'token' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('unsupported_response_type');
      expect(location.searchParams.get('state')).toBe('xyz');
    });

    it('exchanges a code once with Basic auth; a reused code is invalid_grant', async () => {
      const code = await s.code('dj-alex', { scope: 'user-read-private streaming' });
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
      const first = await s.token(form);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        scope: 'user-read-private streaming',
        expires_in: 3600,
        refresh_token: expect.any(String),
      });
      const again = await s.token(form);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid authorization code',
      });
    });

    it('rejects a code sent with another redirect_uri', async () => {
      const code = await s.code('casey');
      const response = await s.token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1:9999/other',
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('binds a code to its PKCE challenge', async () => {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const pkce = { code_challenge_method: 'S256', code_challenge: challenge };
      const wrong = await s.token(
        {
          grant_type: 'authorization_code',
          code: await s.code('casey', pkce),
          redirect_uri: REDIRECT,
          code_verifier: 'not-the-verifier-not-the-verifier-not-the-verifier',
        },
        basic(CLIENT.clientId, CLIENT.clientSecret),
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toBe('invalid_grant');

      // A PKCE client may leave its secret out and name itself in the body.
      const right = await s.token(
        {
          grant_type: 'authorization_code',
          code: await s.code('casey', pkce),
          redirect_uri: REDIRECT,
          client_id: CLIENT.clientId,
          code_verifier: verifier,
        },
        null,
      );
      expect(right.status).toBe(200);
      expect(right.body.refresh_token).toEqual(expect.any(String));
    });

    it('answers bad client credentials with invalid_client', async () => {
      const code = await s.code('dj-alex');
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
      const wrongSecret = await s.token(form, basic(CLIENT.clientId, 'wrong'));
      expect(wrongSecret.status).toBe(400);
      expect(wrongSecret.body).toEqual({
        error: 'invalid_client',
        error_description: 'Invalid client',
      });
      const unknown = await s.token(form, basic('nobody', 'x'));
      expect(unknown.body.error).toBe('invalid_client');
      // Without PKCE a client must send its secret.
      const noSecret = await s.token({ ...form, client_id: CLIENT.clientId }, null);
      expect(noSecret.body.error).toBe('invalid_client');
    });

    it('rejects other grant types and non-form bodies', async () => {
      const grant = await s.token({ grant_type: 'client_credentials' });
      expect(grant.status).toBe(400);
      expect(grant.body.error).toBe('unsupported_grant_type');
      const json = await fetch(`${sandbox.url}/accounts/api/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: basic(CLIENT.clientId, CLIENT.clientSecret),
        },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
      });
      expect(json.status).toBe(400);
      expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    });

    it('refreshes without a new refresh token by default; the old one keeps working', async () => {
      const { refresh_token } = await s.login('dj-alex');
      const first = await s.token({ grant_type: 'refresh_token', refresh_token });
      expect(first.status).toBe(200);
      expect(first.body.access_token).toEqual(expect.any(String));
      expect(first.body).not.toHaveProperty('refresh_token');
      const second = await s.token({ grant_type: 'refresh_token', refresh_token });
      expect(second.status).toBe(200);
      const me = await s.api('/me', second.body.access_token as string);
      expect(me.status).toBe(200);
    });

    it('rotates refresh tokens when asked to, and the old one stops working', async () => {
      await s.control('/settings', { refreshTokenRotation: 'always' });
      const { refresh_token } = await s.login('dj-alex');
      const rotated = await s.token({ grant_type: 'refresh_token', refresh_token });
      expect(rotated.status).toBe(200);
      expect(rotated.body.refresh_token).toEqual(expect.any(String));
      expect(rotated.body.refresh_token).not.toBe(refresh_token);
      const old = await s.token({ grant_type: 'refresh_token', refresh_token });
      expect(old.status).toBe(400);
      expect(old.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Refresh token revoked',
      });
      const next = await s.token({
        grant_type: 'refresh_token',
        refresh_token: rotated.body.refresh_token as string,
      });
      expect(next.status).toBe(200);
    });

    it('answers a revoked refresh token with invalid_grant', async () => {
      const { refresh_token } = await s.login('casey');
      expect(await s.control('/accounts/casey/revoke-refresh-tokens', {})).toEqual({ revoked: 1 });
      const response = await s.token({ grant_type: 'refresh_token', refresh_token });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });
  });

  describe('Web API', () => {
    it('tells an expired access token from an invalid one', async () => {
      const { access_token } = await s.login('dj-alex');
      expect((await s.api('/me', access_token)).status).toBe(200);
      await s.control('/accounts/dj-alex/expire-access-tokens', {});
      const expired = await s.api('/me', access_token);
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual({
        error: { status: 401, message: 'The access token expired' },
      });
      const invalid = await s.api('/me', 'not-a-token');
      expect(invalid.status).toBe(401);
      expect(await invalid.json()).toEqual({
        error: { status: 401, message: 'Invalid access token' },
      });
    });

    it('expires access tokens on the clock after tokenLifetimeSeconds', async () => {
      await s.control('/settings', { tokenLifetimeSeconds: 0.2 });
      const { access_token } = await s.login('dj-alex');
      expect((await s.api('/me', access_token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const response = await s.api('/me', access_token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as any).error.message).toBe('The access token expired');
    });

    it('returns /me without email for Development Mode accounts, with it for extended quota', async () => {
      const alex = (await (
        await s.api('/me', (await s.login('dj-alex')).access_token)
      ).json()) as any;
      expect(alex).toMatchObject({
        id: 'dj-alex',
        display_name: 'DJ Alex',
        uri: 'spotify:user:dj-alex',
        account_id: 'acct-dj-alex',
        type: 'user',
      });
      expect(alex.images[0]).toEqual({
        url: expect.any(String),
        height: expect.any(Number),
        width: expect.any(Number),
      });
      expect(alex).not.toHaveProperty('email');
      expect(alex).not.toHaveProperty('product');
      const emery = await (
        await s.api('/me', (await s.login('emery-extended')).access_token)
      ).json();
      expect(emery).toMatchObject({
        id: 'emery-extended',
        email: 'emery@example.com',
        product: 'premium',
        country: expect.any(String),
      });
    });

    it('answers every call of an account off the allowlist with a plain-text 403', async () => {
      const { access_token } = await s.login('morgan-unlisted');
      for (const path of ['/me', '/search?q=love&type=track', '/me/player/devices']) {
        const response = await s.api(path, access_token);
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toBe('User not registered in the Developer Dashboard');
      }
    });

    it('searches with at most 10 per page, 5 by default, and pages that can be followed', async () => {
      const { access_token } = await s.login('dj-alex');
      const tooMany = await s.api('/search?q=a&type=track&limit=11', access_token);
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as any).error).toEqual({
        status: 400,
        message: 'Invalid limit',
      });
      expect((await s.api('/search?type=track', access_token)).status).toBe(400);
      expect((await s.api('/search?q=a&type=artist', access_token)).status).toBe(400);

      const first = ((await (await s.api('/search?q=a&type=track', access_token)).json()) as any)
        .tracks;
      expect(first.limit).toBe(5);
      expect(first.offset).toBe(0);
      expect(first.items).toHaveLength(5);
      expect(first.total).toBeGreaterThan(10);
      expect(first.previous).toBeNull();
      const second = (
        (await (
          await fetch(first.next as string, {
            headers: { authorization: `Bearer ${access_token}` },
          })
        ).json()) as any
      ).tracks;
      expect(second.offset).toBe(5);
      expect(second.items[0].id).not.toBe(first.items[0].id);

      const love = (
        (await (await s.api('/search?q=love&type=track&limit=10', access_token)).json()) as any
      ).tracks;
      expect(love.total).toBeGreaterThan(0);
      for (const track of love.items) {
        const text = `${track.name} ${track.album.name} ${track.artists.map((a: any) => a.name).join(' ')}`;
        expect(text.toLowerCase()).toContain('love');
      }
      const artist = sandboxCatalogue()[0].artists[0];
      const byArtist = (
        (await (
          await s.api(
            `/search?q=${encodeURIComponent(`artist:"${artist.name}"`)}&type=track`,
            access_token,
          )
        ).json()) as any
      ).tracks;
      expect(byArtist.total).toBeGreaterThan(0);
      expect(byArtist.items[0].artists.map((a: any) => a.id)).toContain(artist.id);
    });

    it('serves one track at a time; the batch endpoint is gone', async () => {
      const { access_token } = await s.login('dj-alex');
      const track = sandboxCatalogue()[42];
      const response = await s.api(`/tracks/${track.id}`, access_token);
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body).toEqual(JSON.parse(JSON.stringify(track)));
      expect(body).toMatchObject({
        uri: `spotify:track:${track.id}`,
        preview_url: null,
        type: 'track',
        external_ids: { isrc: expect.stringMatching(/^[A-Z0-9]{12}$/) },
      });
      expect(body.id).toMatch(/^[0-9A-Za-z]{22}$/);
      expect((await s.api(`/tracks?ids=${track.id}`, access_token)).status).toBe(403);
      expect((await s.api('/tracks/0000000000000000000000', access_token)).status).toBe(404);
      const malformed = await s.api('/tracks/not-an-id', access_token);
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as any).error.message).toBe('Invalid base62 id');
    });

    it('lists playlists with `items` and gives contents only of owned ones', async () => {
      const { access_token } = await s.login('dj-alex');
      const playlists = (await (await s.api('/me/playlists', access_token)).json()) as any;
      expect(playlists.total).toBe(4);
      const owned = playlists.items.filter((p: any) => p.owner.id === 'dj-alex');
      const followed = playlists.items.find((p: any) => p.owner.id === 'casey');
      expect(owned).toHaveLength(3);
      expect(followed).toBeDefined();
      expect(owned[0].items).toEqual({ href: expect.any(String), total: expect.any(Number) });
      expect(owned[0]).not.toHaveProperty('tracks');

      const id = owned[0].id as string;
      expect((await s.api(`/playlists/${id}/tracks`, access_token)).status).toBe(403);
      const page = (await (
        await s.api(`/playlists/${id}/items?limit=50`, access_token)
      ).json()) as any;
      expect(page.items).toHaveLength(50);
      expect(page.total).toBeGreaterThan(50);
      expect(page.next).toEqual(expect.any(String));
      expect(page.items[0]).toMatchObject({
        added_at: expect.any(String),
        is_local: false,
        item: { type: 'track', uri: expect.stringMatching(/^spotify:track:/) },
      });
      expect(page.items[0]).not.toHaveProperty('track');
      expect((await s.api(`/playlists/${id}/items?limit=51`, access_token)).status).toBe(400);
      expect((await s.api(`/playlists/${followed.id}/items`, access_token)).status).toBe(403);
      expect((await s.api('/playlists/0000000000000000000000/items', access_token)).status).toBe(
        404,
      );
    });
  });

  describe('Player', () => {
    const play = (accessToken: string, uris: string[], deviceId?: string) =>
      s.api(`/me/player/play${deviceId ? `?device_id=${deviceId}` : ''}`, accessToken, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uris }),
      });
    const [first, second] = [() => sandboxCatalogue()[0].uri, () => sandboxCatalogue()[1].uri];

    it('answers 204 with no body when nothing plays', async () => {
      const { access_token } = await s.login('dj-alex');
      const response = await s.api('/me/player/currently-playing', access_token);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
    });

    it('plays, queues and reports what plays', async () => {
      const { access_token } = await s.login('dj-alex');
      const devices = (await (await s.api('/me/player/devices', access_token)).json()) as any;
      expect(devices.devices).toEqual([
        expect.objectContaining({ id: 'alex-phone', is_active: true, type: 'Smartphone' }),
        expect.objectContaining({ id: 'alex-laptop', is_active: false, type: 'Computer' }),
      ]);

      expect((await play(access_token, [first()])).status).toBe(204);
      const queued = await s.api(
        `/me/player/queue?uri=${encodeURIComponent(second())}`,
        access_token,
        {
          method: 'POST',
        },
      );
      expect(queued.status).toBe(204);

      const current = await s.api('/me/player/currently-playing', access_token);
      expect(current.status).toBe(200);
      const body = (await current.json()) as any;
      expect(body).toMatchObject({
        is_playing: true,
        progress_ms: expect.any(Number),
        item: { uri: first() },
        device: { id: 'alex-phone', is_active: true },
      });
      expect(await s.control('/player/dj-alex')).toMatchObject({
        isPlaying: true,
        item: first(),
        activeDeviceId: 'alex-phone',
        queue: [second()],
        history: [first()],
      });
      expect((await play(access_token, ['spotify:track:0000000000000000000000'])).status).toBe(400);
    });

    it('moves playback to the device named by device_id', async () => {
      const { access_token } = await s.login('dj-alex');
      expect((await play(access_token, [first()], 'alex-laptop')).status).toBe(204);
      expect((await s.control('/player/dj-alex')).activeDeviceId).toBe('alex-laptop');
      const unknown = await play(access_token, [first()], 'nowhere');
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as any).error.message).toBe('Device not found');
    });

    it('refuses player commands of a free account with PREMIUM_REQUIRED', async () => {
      const { access_token } = await s.login('sam-free');
      const response = await play(access_token, [first()]);
      expect(response.status).toBe(403);
      expect(((await response.json()) as any).error).toMatchObject({
        status: 403,
        reason: 'PREMIUM_REQUIRED',
      });
      expect((await s.control('/player/sam-free')).item).toBeNull();
    });

    it('answers NO_ACTIVE_DEVICE without an active device, and plays on a named one', async () => {
      const { access_token } = await s.login('robin-nodevice');
      const response = await play(access_token, [first()]);
      expect(response.status).toBe(404);
      expect(((await response.json()) as any).error.reason).toBe('NO_ACTIVE_DEVICE');
      const queue = await s.api(
        `/me/player/queue?uri=${encodeURIComponent(first())}`,
        access_token,
        {
          method: 'POST',
        },
      );
      expect(((await queue.json()) as any).error.reason).toBe('NO_ACTIVE_DEVICE');
      expect((await play(access_token, [first()], 'robin-tv')).status).toBe(204);
      expect((await s.control('/player/robin-nodevice')).activeDeviceId).toBe('robin-tv');
    });

    it('lets a test switch devices off through the control API', async () => {
      const { access_token } = await s.login('casey');
      await s.control('/accounts/casey/player', { activeDeviceId: null });
      expect((await play(access_token, [first()])).status).toBe(404);
    });
  });

  describe('Fault injection and the request log', () => {
    it('injects a 429 with Retry-After, once by default', async () => {
      const { access_token } = await s.login('dj-alex');
      await s.control('/faults', {
        path: '/v1/search',
        status: 429,
        retryAfter: 1,
        body: { error: { status: 429, message: 'API rate limit exceeded' } },
      });
      const limited = await s.api('/search?q=a&type=track', access_token);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(await limited.json()).toEqual({
        error: { status: 429, message: 'API rate limit exceeded' },
      });
      expect((await s.api('/search?q=a&type=track', access_token)).status).toBe(200);
    });

    it('applies a fault count times, matching method and path prefix', async () => {
      const { access_token } = await s.login('dj-alex');
      await s.control('/faults', { method: 'GET', path: '/v1/me', status: 503, count: 2 });
      expect((await s.api('/me', access_token)).status).toBe(503);
      expect((await s.api('/me/playlists', access_token)).status).toBe(503);
      expect((await s.api('/me', access_token)).status).toBe(200);
    });

    it('delays the real answer', async () => {
      const { access_token } = await s.login('dj-alex');
      await s.control('/faults', { path: '/v1/me', delayMs: 300 });
      const started = Date.now();
      const response = await s.api('/me', access_token);
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    });

    it('faults the token endpoint with a plain string body', async () => {
      await s.control('/faults', { path: '/accounts/api/token', status: 500, body: 'oops' });
      const code = await s.code('dj-alex');
      const response = await fetch(`${sandbox.url}/accounts/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=authorization_code',
      });
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('oops');
      // The fault was used up; the code is still good.
      const ok = await s.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect(ok.status).toBe(200);
    });

    it('logs every Spotify request in order, without the query', async () => {
      const { access_token } = await s.login('dj-alex');
      await s.api('/search?q=love&type=track', access_token);
      const { requests } = (await s.control('/requests')) as {
        requests: Array<{ method: string; path: string; status: number; at: string }>;
      };
      expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
        ['GET', '/accounts/authorize', 200],
        ['POST', '/accounts/authorize/decision', 302],
        ['POST', '/accounts/api/token', 200],
        ['GET', '/v1/search', 200],
      ]);
      expect(Date.parse(requests[0].at)).not.toBeNaN();
    });
  });
});

describe('Spotify sandbox inside the app (no SPOTIFY_CLIENT_ID)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the login page under /sandbox/spotify and completes a login', async () => {
    const redirectUri = `${t.url}/auth/callback`;
    const query = new URLSearchParams({
      client_id: 'sandbox-client-id',
      response_type: 'code',
      redirect_uri: redirectUri,
      state: 'x',
    });
    const page = await fetch(`${t.url}/sandbox/spotify/accounts/authorize?${query.toString()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const id of DEMO_ACCOUNTS) {
      expect(html).toContain(`name="account" value="${id}"`);
    }
    expect(html).toContain('action="/sandbox/spotify/accounts/authorize/decision"');

    // The app's own body parsers run first; the sandbox must still read its forms.
    const decision = await fetch(`${t.url}/sandbox/spotify/accounts/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        request: /name="request" value="([^"]+)"/.exec(html)![1],
        account: 'casey',
      }).toString(),
      redirect: 'manual',
    });
    expect(decision.status).toBe(302);
    const location = new URL(decision.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    const token = await fetch(`${t.url}/sandbox/spotify/accounts/api/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('sandbox-client-id', 'sandbox-client-secret'),
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: location.searchParams.get('code')!,
        redirect_uri: redirectUri,
      }).toString(),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const me = await fetch(`${t.url}/sandbox/spotify/v1/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(((await me.json()) as { id: string }).id).toBe('casey');
  });
});
