import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  parse,
  Source,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';

/** Limits that keep one request from taking the server down. */
export const GUARD_RAILS = {
  bodyLimitBytes: 64 * 1024,
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

/** Distinct operations kept parsed; past it the memory starts over. */
const MAX_DOCUMENTS = 500;
/** Longer operations are parsed each time rather than kept. */
const MAX_KEPT_SOURCE = 8 * 1024;

/** The same validation for operations that arrive over WebSocket, once per parsed document. */
export function validateWithGuardRails(production: boolean) {
  const rules = [...specifiedRules, ...createArmor(production).validationRules];
  const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  return (schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] => {
    let errors = validated.get(document);
    if (!errors) {
      errors = validate(schema, document, rules);
      validated.set(document, errors);
    }
    return errors;
  };
}

/**
 * Parses operations that arrive over WebSocket as Apollo does over HTTP (PARSE_OPTIONS), once per
 * distinct source: a room's thousands of subscribers send the same subscription, and each parse
 * kept its own syntax tree (with tokens and locations) for as long as the subscription lived,
 * most of a subscriber's memory. Documents are never mutated by execution, so one serves all.
 */
export function parseOnce(): typeof parse {
  const documents = new Map<string, DocumentNode>();
  return (input: string | Source) => {
    const source = typeof input === 'string' ? input : input.body;
    let document = documents.get(source);
    if (!document) {
      document = parse(source, PARSE_OPTIONS);
      if (source.length <= MAX_KEPT_SOURCE) {
        if (documents.size >= MAX_DOCUMENTS) documents.clear();
        documents.set(source, document);
      }
    }
    return document;
  };
}
