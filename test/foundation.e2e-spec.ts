import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCode, gql } from './support/graphql.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('Foundation: health, errors and guard rails', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the database on /health', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      info: Record<string, { status: string }>;
    };
    expect(body.status).toBe('ok');
    expect(body.info.database.status).toBe('up');
  });

  it('answers an unauthenticated query with UNAUTHENTICATED and no data', async () => {
    const response = await gql(t.url, '{ me { id displayName } }');
    expect(response.data).toBeNull();
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('answers a tampered token with UNAUTHENTICATED', async () => {
    const response = await gql(t.url, '{ me { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.e30.bad');
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
});
