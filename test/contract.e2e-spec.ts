import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql } from './support/graphql.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const contractPath = join(process.cwd(), '..', 'shared', 'contract', 'schema.graphql');
const committedPath = join(process.cwd(), 'src', 'schema.gql');
const canonical = (schema: GraphQLSchema) => printSchema(lexicographicSortSchema(schema));

describe('The served schema', () => {
  let t: TestApp;
  let served: GraphQLSchema;

  beforeAll(async () => {
    t = await startTestApp();
    const response = await gql<IntrospectionQuery>(t.url, getIntrospectionQuery());
    served = buildClientSchema(response.data!);
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the API contract (findBreakingChanges is empty)', () => {
    const contract = buildSchema(readFileSync(contractPath, 'utf8'));
    expect(findBreakingChanges(contract, served).map((c) => c.description)).toEqual([]);
  });

  it('is the committed src/schema.gql (run `npm run schema` to regenerate it)', () => {
    const committed = buildSchema(readFileSync(committedPath, 'utf8'));
    expect(canonical(served)).toBe(canonical(committed));
  });
});
