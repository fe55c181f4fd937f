import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

const ALLOWED = 'http://127.0.0.1:5173';
const ALSO_ALLOWED = 'https://party.example';
const OTHER = 'https://evil.example';

/** The preflight a browser sends before a JSON POST with a bearer token. */
function preflight(url: string, origin: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });
}

function post(url: string, origin: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

describe('CORS with CORS_ORIGINS set', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}` } });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([ALLOWED, ALSO_ALLOWED])(
    'lets %s send credentials and an Authorization header',
    async (origin) => {
      const response = await preflight(t.url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'content-type,authorization',
      );
      // Caches must not serve one origin's answer to another.
      expect(response.headers.get('vary')).toMatch(/\bOrigin\b/i);

      const actual = await post(t.url, origin);
      expect(actual.headers.get('access-control-allow-origin')).toBe(origin);
      expect(actual.headers.get('access-control-allow-credentials')).toBe('true');
      expect(await actual.json()).toEqual({ data: { __typename: 'Query' } });
    },
  );

  it('gives any other origin no Access-Control-Allow-Origin, so browsers block it', async () => {
    for (const origin of [OTHER, 'http://127.0.0.1:5174', 'null']) {
      const response = await preflight(t.url, origin);
      expect({ origin, acao: response.headers.get('access-control-allow-origin') }).toEqual({
        origin,
        acao: null,
      });
      const actual = await post(t.url, origin);
      // (The cors middleware sends Allow-Credentials to everyone; without ACAO it grants nothing.)
      expect(actual.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('CORS without CORS_ORIGINS (same origin only)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('allows no cross-origin caller', async () => {
    for (const origin of [ALLOWED, OTHER]) {
      const response = await preflight(t.url, origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect((await post(t.url, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
