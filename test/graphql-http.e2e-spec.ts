import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditResult } from 'graphql-http';
import { GUARD_RAILS } from '../src/graphql/guard-rails.js';
import { failedMusts, runAudits, SHOULD_NOT_MET, unmetShoulds } from './support/graphql-audits.js';
import { startTestApp, type TestApp } from './support/test-app.js';

async function post(url: string, query: string, accept: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: Array<Record<string, any>> },
  };
}

/** One line per audit, as docs/client-guide.md lists them: `<status> <name>`. */
function summary(results: AuditResult[]): string[] {
  return results.map((r) => `${r.status} ${r.name} ${'reason' in r ? r.reason : ''}`);
}

describe('GraphQL over HTTP (graphql-http audit suite)', () => {
  let t: TestApp;
  let results: AuditResult[];

  beforeAll(async () => {
    t = await startTestApp();
    results = await runAudits(t.url);
    if (process.env.PRINT_AUDITS) console.log(summary(results).join('\n'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('ran the whole suite', () => {
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.name.startsWith('SHOULD')).length).toBeGreaterThan(10);
  });

  it('passes every MUST audit', () => {
    expect(failedMusts(results)).toEqual([]);
  });

  it('meets every SHOULD audit except those the client guide lists', () => {
    expect(unmetShoulds(results)).toEqual(SHOULD_NOT_MET);
  });

  it.each(['application/json', 'application/graphql-response+json'])(
    'answers a syntax error and a too-long document as the client error they are (%s)',
    async (accept) => {
      // `{`, n fields, `}`: n + 2 tokens.
      const fields = (n: number) => `{ ${'__typename '.repeat(n)}}`;
      const tooLong = fields(GUARD_RAILS.maxTokens - 1);
      for (const [query, message] of [
        ['{ me { id ', /^Syntax Error: Expected Name, found <EOF>/],
        [tooLong, new RegExp(`more tha[nt] ${GUARD_RAILS.maxTokens} tokens`)],
      ] as const) {
        const { status, body } = await post(t.url, query, accept);
        expect({ status, body }).toEqual({
          status: 400,
          body: {
            errors: [
              expect.objectContaining({
                message: expect.stringMatching(message),
                extensions: { code: 'GRAPHQL_PARSE_FAILED' },
              }),
            ],
          },
        });
      }
      // Exactly at the limit the parser lets it through (the document's own problems come later).
      const atLimit = await post(t.url, fields(GUARD_RAILS.maxTokens - 2), accept);
      expect(atLimit.body.errors?.[0]?.extensions?.code).not.toBe('GRAPHQL_PARSE_FAILED');
    },
  );

  it('answers at /graphql/ as at /graphql (a client configured with a trailing slash)', async () => {
    const response = await fetch(`${t.url}/graphql/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
