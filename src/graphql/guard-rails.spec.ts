import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { GUARD_RAILS, parseOnce, validateWithGuardRails } from './guard-rails.js';

const schema = buildSchema('type Query { a: Int } type Subscription { ticks(room: String!): Int }');

describe('parseOnce', () => {
  it('answers the same document for the same source, a new one for another', () => {
    const parse = parseOnce();
    const source = 'subscription($r: String!) { ticks(room: $r) }';
    const first = parse(source);
    expect(parse(source)).toBe(first);
    expect(parse('{ a }')).not.toBe(first);
  });

  it('refuses an operation over the token limit, as Apollo does over HTTP', () => {
    const parse = parseOnce();
    const huge = `{ ${'a '.repeat(GUARD_RAILS.maxTokens)} }`;
    expect(() => parse(huge)).toThrow(/more that 2000 tokens/);
  });
});

describe('validateWithGuardRails', () => {
  it('validates a document once and answers the same errors after', () => {
    const validate = validateWithGuardRails(true);
    const document = parseOnce()('subscription { ticks }');
    const errors = validate(schema, document);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('argument "room" of type "String!" is required'),
    ]);
    expect(validate(schema, document)).toBe(errors);
  });
});
