import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, offlinePage } from './support/chromium.js';
import { meOperation, run } from './support/factories.js';
import { freePort, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The smallest web frontend: takes the token from the URL fragment, as docs/client-guide.md tells
 * apps to, removes it from the address bar, and asks the API (another origin, so through CORS) who
 * it is.
 */
function frontendPage(apiUrl: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Party frontend</title></head>
<body><p id="status">Signing in…</p><pre id="me"></pre>
<script>
  var params = new URLSearchParams(location.hash.slice(1));
  window.receivedHash = location.hash;
  history.replaceState(null, '', location.pathname + location.search);
  fetch(${JSON.stringify(`${apiUrl}/graphql`)}, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: params.get('token_type') + ' ' + params.get('access_token'),
    },
    body: JSON.stringify({ query: '{ me { spotifyId displayName } }' }),
  })
    .then(function (response) { return response.json(); })
    .then(function (body) {
      document.getElementById('me').textContent = JSON.stringify(body);
      document.getElementById('status').textContent = 'Signed in';
    })
    .catch(function (error) { document.getElementById('status').textContent = 'Failed: ' + error; });
</script></body></html>`;
}

const SCREENSHOTS = process.env.SCREENSHOT_DIR;

// A real browser typing into a real page is slower than an HTTP call, more so on a busy CI machine.
jest.setTimeout(60_000);

const describeWithChromium = chromiumAvailable('The Spotify login in Chromium')
  ? describe
  : describe.skip;

describeWithChromium('The Spotify login redirect in Chromium (sandbox mode)', () => {
  let t: TestApp;
  let browser: Browser;
  let frontend: Server;
  let frontendOrigin: string;

  beforeAll(async () => {
    const frontendPort = await freePort();
    frontendOrigin = `http://127.0.0.1:${frontendPort}`;
    t = await startTestApp({
      env: { FRONTEND_ORIGINS: frontendOrigin, CORS_ORIGINS: frontendOrigin },
    });
    frontend = createServer((req, res) => {
      res.writeHead(req.url?.startsWith('/signed-in') ? 200 : 404, {
        'content-type': 'text/html; charset=utf-8',
      });
      res.end(req.url?.startsWith('/signed-in') ? frontendPage(t.url) : 'Not found');
    });
    await new Promise<void>((resolve) => frontend.listen(frontendPort, '127.0.0.1', resolve));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => frontend?.close(resolve));
    await t?.close();
  });

  it('goes /auth/login → sandbox login page → pick an account → the token as JSON', async () => {
    const tab = await offlinePage(browser, [t.url]);
    try {
      const { page } = tab;
      await page.goto(`${t.url}/auth/login`);
      // The sandbox stands in for accounts.spotify.com, under this app's origin.
      expect(new URL(page.url()).pathname).toMatch(/^\/sandbox\/spotify\/accounts\//);
      if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/login-sandbox.png` });
      await page.getByRole('button', { name: /DJ Alex/ }).click();
      await page.waitForURL((url) => url.pathname === '/auth/callback');
      const body = JSON.parse(await page.locator('body').innerText()) as {
        accessToken: string;
        tokenType: string;
        user: { spotifyId: string };
      };
      expect(body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: expect.any(Number),
        user: { spotifyId: 'dj-alex', displayName: 'DJ Alex', isGuest: false },
      });
      const me = await run(t, meOperation('spotifyId'), body.accessToken);
      expect(me.errors).toBeUndefined();
      expect(me.data).toEqual({ me: { spotifyId: 'dj-alex' } });
      expect(tab.blocked).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('sends the token to an allowed frontend in the URL fragment, which then calls the API', async () => {
    const tab = await offlinePage(browser, [t.url, frontendOrigin]);
    try {
      const { page } = tab;
      const landing = `${frontendOrigin}/signed-in?from=login`;
      await page.goto(`${t.url}/auth/login?redirect=${encodeURIComponent(landing)}`);
      await page.getByRole('button', { name: /Casey/ }).click();
      await page.waitForURL((url) => url.origin === frontendOrigin);
      await page.getByText('Signed in').waitFor();
      if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/login-frontend.png` });

      const hash = await page.evaluate(
        () => (globalThis as unknown as { receivedHash: string }).receivedHash,
      );
      const fragment = new URLSearchParams(hash.slice(1));
      expect([...fragment.keys()].sort()).toEqual(['access_token', 'expires_in', 'token_type']);
      expect(fragment.get('token_type')).toBe('Bearer');
      expect(Number(fragment.get('expires_in'))).toBeGreaterThan(0);
      // Never in the query string (server logs, Referer); the page removed the fragment itself.
      expect(page.url()).toBe(landing);

      // The frontend's own cross-origin call with that token worked.
      expect(JSON.parse(await page.locator('#me').innerText())).toEqual({
        data: { me: { spotifyId: 'casey', displayName: 'Casey Jordan' } },
      });
      const me = await run(t, meOperation('spotifyId'), fragment.get('access_token')!);
      expect(me.data).toEqual({ me: { spotifyId: 'casey' } });
      expect(tab.blocked).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('refuses a redirect to an origin outside FRONTEND_ORIGINS, before any login', async () => {
    const tab = await offlinePage(browser, [t.url]);
    try {
      const { page } = tab;
      const response = await page.goto(
        `${t.url}/auth/login?redirect=${encodeURIComponent('http://127.0.0.1:1/steal')}`,
      );
      expect(response?.status()).toBe(400);
      expect(new URL(page.url()).pathname).toBe('/auth/login');
      expect(await page.locator('body').innerText()).toContain('BAD_USER_INPUT');
      expect(tab.blocked).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
