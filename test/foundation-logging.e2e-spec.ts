import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureBuilt, spawnApp, type SpawnedApp } from './support/spawned-app.js';

const SECRETS = {
  JWT_SECRET: 'jwt-secret-for-the-logging-test-0123456789',
  TOKEN_ENCRYPTION_KEY: 'encryption-key-for-the-logging-test-0123456789',
  SPOTIFY_CLIENT_ID: 'spotify-client-id-for-the-logging-test',
  SPOTIFY_CLIENT_SECRET: 'spotify-client-secret-for-the-logging-test',
};
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2ctdGVzdCJ9.bearer-token-that-must-not-be-logged';
const COOKIE = 'session=cookie-value-that-must-not-be-logged';
const OAUTH_QUERY =
  'code=oauth-code-that-must-not-be-logged&state=oauth-state-that-must-not-be-logged';

interface LogLine {
  level: number;
  time: number;
  msg: string;
  req?: { id: string; method: string; url: string; headers?: unknown };
  res?: { statusCode: number };
  responseTime?: number;
}

/** Stops the app (which flushes every log line) and parses what it wrote to stdout. */
async function stopAndReadLog(app: SpawnedApp): Promise<LogLine[]> {
  app.child.kill('SIGTERM');
  expect((await app.exited(15_000)).code).toBe(0);
  return app
    .stdout()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

describe('Logging in production (node dist/server.mjs, NODE_ENV=production)', () => {
  let app: SpawnedApp;
  let lines: LogLine[];
  const responses: Record<string, Response> = {};

  beforeAll(async () => {
    await ensureBuilt();
    app = await spawnApp({ env: { NODE_ENV: 'production', ...SECRETS } });
    await app.ready(60_000);

    responses.graphql = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${BEARER}`,
        cookie: COOKIE,
        'x-request-id': 'trace-abc.123',
      },
      // Not JSON: a failed request, which is logged.
      body: '{"query": "{ me { id } }',
    });
    responses.quiet = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'quiet.1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    responses.oauth = await fetch(`${app.url}/no/such/route?${OAUTH_QUERY}`);
    responses.badId = await fetch(`${app.url}/no/such/route`, {
      headers: { 'x-request-id': 'not a valid id; {"injected":true}' },
    });

    lines = await stopAndReadLog(app);
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
  });

  function requestLines(id: string): LogLine[] {
    return lines.filter((line) => line.req?.id === id);
  }

  it('writes structured JSON, one object per line', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(typeof line.level).toBe('number');
      expect(typeof line.time).toBe('number');
      expect(typeof line.msg).toBe('string');
    }
    expect(lines.some((line) => line.msg.includes('Spotify Party is listening'))).toBe(true);
  });

  it('logs one line per failed request with the request id taken from X-Request-Id', () => {
    expect(responses.graphql.status).toBe(400);
    expect(responses.graphql.headers.get('x-request-id')).toBe('trace-abc.123');
    const logged = requestLines('trace-abc.123');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      msg: 'request completed',
      req: { id: 'trace-abc.123', method: 'POST', url: '/graphql' },
      res: { statusCode: responses.graphql.status },
    });
    expect(typeof logged[0].responseTime).toBe('number');
  });

  it('does not log a request that succeeded quickly, and still returns its id', () => {
    expect(responses.quiet.status).toBe(200);
    expect(responses.quiet.headers.get('x-request-id')).toBe('quiet.1');
    expect(requestLines('quiet.1')).toEqual([]);
    expect(app.stdout()).not.toContain('quiet.1');
  });

  it('generates a request id when none (or a malformed one) is sent, and returns it', () => {
    for (const response of [responses.oauth, responses.badId]) {
      const id = response.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(requestLines(id)).toHaveLength(1);
      expect(requestLines(id)[0].res?.statusCode).toBe(404);
    }
    expect(app.stdout()).not.toContain('injected');
  });

  it('never logs the Authorization header, cookies, OAuth codes or configured secrets', () => {
    const output = app.output();
    for (const secret of [
      BEARER,
      'bearer-token-that-must-not-be-logged',
      'cookie-value-that-must-not-be-logged',
      'oauth-code-that-must-not-be-logged',
      'oauth-state-that-must-not-be-logged',
      ...Object.values(SECRETS).filter((v) => v !== SECRETS.SPOTIFY_CLIENT_ID),
    ]) {
      expect(output).not.toContain(secret);
    }
    const oauthLine = requestLines(responses.oauth.headers.get('x-request-id')!)[0];
    expect(oauthLine.req?.url).toBe('/no/such/route?code=[redacted]&state=[redacted]');
    expect(lines.every((line) => line.req?.headers === undefined)).toBe(true);
  });
});

describe('Logging at LOG_LEVEL=debug (node dist/server.mjs, NODE_ENV=production)', () => {
  let app: SpawnedApp;
  let lines: LogLine[];
  let quiet: Response;

  beforeAll(async () => {
    await ensureBuilt();
    app = await spawnApp({ env: { NODE_ENV: 'production', LOG_LEVEL: 'debug', ...SECRETS } });
    // ready() polls /health: those probes must stay out of the log.
    await app.ready(60_000);
    quiet = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'debug.1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    lines = await stopAndReadLog(app);
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
  });

  it('logs every request, a successful one at info', () => {
    expect(quiet.status).toBe(200);
    expect(lines.filter((line) => line.req?.id === 'debug.1')).toMatchObject([
      {
        level: 30,
        msg: 'request completed',
        req: { id: 'debug.1', method: 'POST', url: '/graphql' },
        res: { statusCode: 200 },
      },
    ]);
  });

  it('keeps health probes out of the request log', () => {
    expect(lines.filter((line) => line.req?.url === '/health')).toEqual([]);
  });
});
