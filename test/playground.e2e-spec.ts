import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

const CONTENT_TYPES: Record<string, RegExp> = {
  js: /^(application|text)\/javascript/,
  css: /^text\/css/,
  png: /^image\/png/,
  svg: /^image\/svg\+xml/,
  woff: /^font\/woff/,
  woff2: /^font\/woff2/,
};

/** Hosts the stock landing pages load from; the bundle must need none of them. */
const CDN_HOSTS = ['cdn.jsdelivr.net', 'unpkg.com', 'fonts.googleapis.com', 'fonts.gstatic.com'];

function playgroundPage(baseUrl: string): Promise<Response> {
  return fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });
}

/** Every `src`/`href` of the page and every `url(...)` of its stylesheets, fetched. */
async function assetsOf(baseUrl: string, html: string): Promise<Map<string, Response>> {
  const seen = new Map<string, Response>();
  const queue = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  for (const reference of queue) {
    // Same-origin absolute paths only: no other host, no protocol-relative URL.
    expect(reference).toMatch(/^\/(?!\/)/);
    if (seen.has(reference)) continue;
    const response = await fetch(`${baseUrl}${reference}`);
    seen.set(reference, response);
    if (reference.endsWith('.css') && response.ok) {
      const css = await response.clone().text();
      for (const [, raw] of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
        if (raw.startsWith('data:') || raw.startsWith('#')) continue;
        const resolved = new URL(raw, `${baseUrl}${reference}`);
        expect(resolved.origin).toBe(baseUrl);
        queue.push(resolved.pathname);
      }
    }
  }
  return seen;
}

describe('GraphQL Playground, self-hosted', () => {
  let t: TestApp;
  let html: string;

  beforeAll(async () => {
    t = await startTestApp();
    const page = await playgroundPage(t.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    html = await page.text();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is served to browsers at GET /graphql and points at this server', () => {
    expect(html).toContain('GraphQLPlayground.init');
    expect(html).toContain('endpoint: location.origin + "/graphql"');
    expect(html).toContain(
      'subscriptionEndpoint: wsProtocol + \'//\' + location.host + "/graphql"',
    );
  });

  it('references no other host', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/["'(]\/\/[a-z]/i);
  });

  it('serves every script, stylesheet, icon and stylesheet asset itself', async () => {
    const assets = await assetsOf(t.url, html);
    expect([...assets.keys()]).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.js$/),
        expect.stringMatching(/\.css$/),
        expect.stringMatching(/\.png$/),
      ]),
    );
    for (const [path, response] of assets) {
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      const extension = path.split('.').pop()!;
      expect(CONTENT_TYPES[extension]).toBeDefined();
      expect(response.headers.get('content-type')).toMatch(CONTENT_TYPES[extension]);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it('runs a bundle that loads nothing from a CDN and has sharing switched off', async () => {
    const script = /<script src="([^"]+)"/.exec(html)![1];
    const bundle = await (await fetch(`${t.url}${script}`)).text();
    expect(bundle).toContain('window.GraphQLPlayground=');
    for (const host of CDN_HOSTS) expect(bundle).not.toContain(host);
    // The only outbound call in the bundle is "Share" (to graphqlbin.com), which needs shareEnabled.
    expect(html).toContain('shareEnabled: false');
  });

  it('serves nothing else from the package', async () => {
    for (const path of [
      '/playground/static/js/index.js.map',
      '/playground/static/package.json',
      '/playground/static/constructor',
      '/playground/static/..%2Fpackage.json',
      '/playground/static/js/..%2F..%2Fpackage.json',
    ]) {
      const response = await fetch(`${t.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('still answers API clients with JSON at the same URL', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html, application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphQL Playground switched off (PLAYGROUND=false)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PLAYGROUND: 'false' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves neither the page nor its assets', async () => {
    const page = await playgroundPage(t.url);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(await page.text()).not.toContain('GraphQLPlayground');
    expect((await fetch(`${t.url}/playground/static/js/middleware.js`)).status).toBe(404);
  });
});
