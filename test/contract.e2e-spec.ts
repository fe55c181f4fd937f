import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findBreakingChanges, type GraphQLSchema } from 'graphql';
import { join } from 'node:path';
import { canonical, schemaFile, servedSchema } from './support/schema.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const contractPath = join(process.cwd(), '..', 'shared', 'contract', 'schema.graphql');
const committedPath = join(process.cwd(), 'src', 'schema.gql');

describe('The served schema', () => {
  let t: TestApp;
  let served: GraphQLSchema;

  beforeAll(async () => {
    t = await startTestApp();
    served = await servedSchema(t.url);
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the API contract (findBreakingChanges is empty)', () => {
    const contract = schemaFile(contractPath);
    expect(findBreakingChanges(contract, served).map((c) => c.description)).toEqual([]);
  });

  it('is the committed src/schema.gql (run `npm run schema` to regenerate it)', () => {
    const committed = schemaFile(committedPath);
    expect(canonical(served)).toBe(canonical(committed));
  });
});
