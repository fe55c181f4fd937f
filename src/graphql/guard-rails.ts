import { ApolloArmor } from '@escape.tech/graphql-armor';
import { specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Limits that keep one request from taking the server down. */
export const GUARD_RAILS = {
  bodyLimit: '64kb',
  maxDepth: 8,
  maxAliases: 15,
  maxCost: 5000,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

/** Apollo parses with these: too many tokens is a syntax error (400, GRAPHQL_PARSE_FAILED). */
export const PARSE_OPTIONS = { maxTokens: GUARD_RAILS.maxTokens } as const;

/** graphql-armor: depth, cost, alias and directive limits. */
export function createArmor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: GUARD_RAILS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: GUARD_RAILS.maxAliases },
    costLimit: { maxCost: GUARD_RAILS.maxCost, ignoreIntrospection: true },
    maxDirectives: { n: GUARD_RAILS.maxDirectives },
    // Counted by graphql-js's own parser instead (PARSE_OPTIONS): armor's Apollo plugin re-parses
    // in a hook, so its errors, and every syntax error, reached clients as 500s.
    maxTokens: { enabled: false },
    // Suggestions ("did you mean …") help front-end developers; hide them in production.
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** The same validation for operations that arrive over WebSocket. */
export function validateWithGuardRails(production: boolean) {
  const rules = [...specifiedRules, ...createArmor(production).validationRules];
  return (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules);
}
