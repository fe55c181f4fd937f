import { describe, expect, it } from '@jest/globals';
import { type ExecutionResult, GraphQLInt, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { ChannelEvents } from '../realtime/channel-events.js';
import {
  DIRECT_DELIVERY,
  type DirectDelivery,
  subscribeSharingResults,
} from './shared-subscription-execution.js';

interface Event {
  n: number;
}

/** One event for every subscriber: the same object, as the pub/sub fan-out delivers it. */
function schemaWith(event: Event, executions: { shared: number; personal: number }) {
  const field = (name: 'shared' | 'personal', extensions: Record<string, unknown>) => ({
    type: GraphQLInt,
    extensions,
    async *subscribe() {
      yield await Promise.resolve(event);
    },
    resolve: (payload: Event) => {
      executions[name] += 1;
      return payload.n;
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: { shared: field('shared', { sharedResult: true }), personal: field('personal', {}) },
    }),
  });
}

async function firstResult(schema: GraphQLSchema, query: string): Promise<ExecutionResult> {
  const stream = await subscribeSharingResults({ schema, document: parse(query) });
  if (!(Symbol.asyncIterator in stream)) throw new Error('Expected a stream');
  const { value } = await stream.next();
  return value as ExecutionResult;
}

describe('subscribeSharingResults', () => {
  it('executes an event once for every subscriber of a field declared shared', async () => {
    const executions = { shared: 0, personal: 0 };
    const schema = schemaWith({ n: 7 }, executions);
    const results = await Promise.all(
      [1, 2, 3].map(() => firstResult(schema, 'subscription { shared }')),
    );
    expect(results.map((r) => r.data)).toEqual([{ shared: 7 }, { shared: 7 }, { shared: 7 }]);
    expect(executions.shared).toBe(1);
  });

  it('executes an event per subscriber for a field not declared shared', async () => {
    const executions = { shared: 0, personal: 0 };
    const schema = schemaWith({ n: 7 }, executions);
    const results = await Promise.all(
      [1, 2, 3].map(() => firstResult(schema, 'subscription { personal }')),
    );
    expect(results.map((r) => r.data)).toEqual([{ personal: 7 }, { personal: 7 }, { personal: 7 }]);
    expect(executions.personal).toBe(3);
  });

  it('encodes an event once and writes each graphql-ws subscriber its own frame', async () => {
    const executions = { shared: 0, personal: 0 };
    const schema = schemaWith({ n: 7 }, executions);
    const frames: string[] = [];
    let encoded = 0;
    const deliveryTo = (id: string): DirectDelivery => ({
      id,
      send: (frame) => frames.push(frame),
      encode: (result) => {
        encoded += 1;
        return JSON.stringify(result);
      },
    });
    const streams = await Promise.all(
      ['a', 'b"c'].map((id) =>
        subscribeSharingResults({
          schema,
          document: parse('subscription { shared }'),
          contextValue: { [DIRECT_DELIVERY]: deliveryTo(id) },
        }),
      ),
    );
    // Each stream's one next() delivers the events itself and settles when they end.
    const ends = await Promise.all(
      streams.map((stream) => {
        if (!(Symbol.asyncIterator in stream)) throw new Error('Expected a stream');
        return stream.next();
      }),
    );
    expect(ends).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(frames.sort()).toEqual([
      '{"id":"a","type":"next","payload":{"data":{"shared":7}}}',
      '{"id":"b\\"c","type":"next","payload":{"data":{"shared":7}}}',
    ]);
    // As graphql-ws would have framed them.
    expect(frames.map((frame) => JSON.parse(frame) as unknown)).toContainEqual({
      id: 'b"c',
      type: 'next',
      payload: { data: { shared: 7 } },
    });
    expect(executions.shared).toBe(1);
    expect(encoded).toBe(1);
  });

  it("writes pushed events in the publisher's turn, and in order behind one still resolving", async () => {
    const pubSub = new PubSub();
    let executions = 0;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          shared: {
            type: GraphQLInt,
            extensions: { sharedResult: true },
            subscribe: () => new ChannelEvents<Event & { slow?: boolean }>(pubSub, 'room'),
            resolve: (event: Event & { slow?: boolean }) => {
              executions += 1;
              return event.slow ? new Promise((r) => setTimeout(() => r(event.n), 20)) : event.n;
            },
          },
        },
      }),
    });
    const frames: Record<string, number[]> = { a: [], b: [] };
    const streams = await Promise.all(
      Object.keys(frames).map(async (id) => {
        const stream = await subscribeSharingResults({
          schema,
          document: parse('subscription { shared }'),
          contextValue: {
            [DIRECT_DELIVERY]: {
              id,
              send: (frame: string) => {
                const { payload } = JSON.parse(frame) as { payload: { data: Event['n'] } };
                frames[id].push((payload.data as unknown as { shared: number }).shared);
              },
              encode: (result: ExecutionResult) => JSON.stringify(result),
            } satisfies DirectDelivery,
          },
        });
        if (!(Symbol.asyncIterator in stream)) throw new Error('Expected a stream');
        return { stream, end: stream.next() };
      }),
    );
    void pubSub.publish('room', { n: 1 });
    // Written to both sockets before publish() even returned.
    expect(frames).toEqual({ a: [1], b: [1] });
    void pubSub.publish('room', { n: 2, slow: true });
    void pubSub.publish('room', { n: 3 });
    expect(frames).toEqual({ a: [1], b: [1] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames).toEqual({ a: [1, 2, 3], b: [1, 2, 3] });
    expect(executions).toBe(3);
    // The client's complete: the one next() settles, the channel is let go.
    await streams[0].stream.return?.();
    expect(await streams[0].end).toEqual({ done: true, value: undefined });
    void pubSub.publish('room', { n: 4 });
    expect(frames).toEqual({ a: [1, 2, 3], b: [1, 2, 3, 4] });
    await streams[1].stream.return?.();
    expect(await streams[1].end).toEqual({ done: true, value: undefined });
  });
});
