import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuthTokenService } from '../src/auth/auth-token.service.js';
import { GUARD_RAILS } from '../src/graphql/guard-rails.js';
import { UsersService } from '../src/users/users.service.js';
import { errorCode, gql } from './support/graphql.js';
import { meOperation, run } from './support/factories.js';
import { getHealth } from './support/health.js';
import { startTestApp, type TestApp } from './support/test-app.js';

function post(baseUrl: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('Foundation: health, errors and guard rails', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the database on /health', async () => {
    const { status, body } = await getHealth(t.url);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info.database.status).toBe('up');
  });

  it('answers an unauthenticated query with UNAUTHENTICATED and no data', async () => {
    const response = await run(t, meOperation('id displayName'));
    expect(response.data).toBeNull();
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('answers a tampered token with UNAUTHENTICATED', async () => {
    const response = await run(t, meOperation('id'), 'eyJhbGciOiJIUzI1NiJ9.e30.bad');
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('rejects malformed JSON with a 400 and a code, and keeps serving', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ me { id }',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('rejects an oversized body with a 413', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(200_000)}` }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('rejects an over-deep query before executing it', async () => {
    const deep = '{ me { id } }'.replace(
      'id',
      'a { b { c { d { e { f { g { h { i { j } } } } } } } } }',
    );
    const response = await gql(t.url, deep);
    expect(response.status).toBe(400);
    expect(response.errors?.some((e) => /depth/i.test(e.message))).toBe(true);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('names an unknown field', async () => {
    const response = await gql(t.url, '{ me { nope } }');
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toContain('nope');
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT naming it', async () => {
    const response = await gql(t.url, 'query ($x: Boolean!) { __typename @include(if: $x) }', {
      x: 'abc',
    });
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(/Variable "\$x" got invalid value "abc"/);
  });

  it('rejects more aliases than allowed before executing anything', async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const response = await gql(t.url, aliases(GUARD_RAILS.maxAliases + 1));
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toContain(
      `Aliases limit of ${GUARD_RAILS.maxAliases} exceeded`,
    );
    // At the limit the query is valid and reaches the auth check.
    expect(errorCode(await gql(t.url, aliases(GUARD_RAILS.maxAliases)))).toBe('UNAUTHENTICATED');
  });

  it('rejects a batched (array) body with a 400 and a clear message', async () => {
    const response = await post(t.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('rejects a body without a query with a 400', async () => {
    const response = await post(t.url, {});
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${t.url}/no/such/route`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot GET /no/such/route',
    });
  });
});

describe('Foundation: when the database goes away', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    const user = await t.app.get(UsersService).createGuest('Unlucky');
    token = t.app.get(AuthTokenService).issueForUser(user.id).accessToken;
    await t.app.get<DataSource>(getDataSourceToken()).destroy();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers an unexpected error with INTERNAL_SERVER_ERROR, no stack, no driver message', async () => {
    const response = await run(t, meOperation('id'), token);
    expect(response.status).toBe(200);
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.message).toBe('Internal server error');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(response)).not.toMatch(/stack|sqlite|postgres|typeorm|connection/i);
  });

  it('reports 503 on /health', async () => {
    const { status, body } = await getHealth(t.url);
    expect(status).toBe(503);
    expect(body.status).toBe('error');
    expect(body.error.database.status).toBe('down');
  });
});

describe('Foundation: health with Redis configured but unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports 503 with Redis down and the database up', async () => {
    const { status, body } = await getHealth(t.url);
    expect(status).toBe(503);
    expect(body.info.database.status).toBe('up');
    expect(body.error.redis).toMatchObject({ status: 'down' });
  });
});
