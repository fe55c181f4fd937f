import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { gql } from './graphql.js';

/** The schema a running server serves, read back through introspection. */
export async function servedSchema(url: string): Promise<GraphQLSchema> {
  const response = await gql<IntrospectionQuery>(url, getIntrospectionQuery());
  return buildClientSchema(response.data!);
}

/** A schema file (SDL) as a schema. */
export function schemaFile(path: string): GraphQLSchema {
  return buildSchema(readFileSync(path, 'utf8'));
}

/** The schema printed in a stable order, for comparing two schemas as text. */
export function canonical(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema));
}
