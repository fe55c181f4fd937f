import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  Kind,
  type FieldNode,
  OperationTypeNode,
  print,
  subscribe,
  visit,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { isPushable, PUSH_EVENTS, type PushableEvents } from '../common/push-events.js';
import { hasSharedResult } from './shared-result.decorator.js';

type Result = ExecutionResult | Promise<ExecutionResult>;
/** Per event and sharing key: the result, and its encoded payload once a socket needed it. */
interface Shared {
  result: Result;
  payload?: Promise<string>;
  /** The payload once encoded: later subscribers send it without waiting a turn. */
  encoded?: string;
  /** The last frame made of it, and the subscription id it was made for. */
  frame?: string;
  frameId?: string;
}
const sharedByEvent = new WeakMap<object, Map<string, Shared>>();

/**
 * Where a graphql-ws subscriber's events go without passing through graphql-ws's per-event path
 * (an async iteration, a copy of the result, its own JSON.stringify and a promise per socket
 * write, for every subscriber and event): set on the operation's context by the server.
 */
export const DIRECT_DELIVERY = Symbol('directDelivery');
export interface DirectDelivery {
  /** The subscription's id in the graphql-transport-ws protocol. */
  id: string;
  /** Writes one text frame to the subscriber's socket (nothing once it is closed). */
  send(frame: string): void;
  /**
   * A result as the `next` message's payload, in JSON: the same for every subscriber of a server
   * (it is computed once per event and query and shared).
   */
  encode(result: ExecutionResult): string;
}

function directDeliveryOf(context: unknown): DirectDelivery | undefined {
  return typeof context === 'object' && context !== null
    ? (context as { [DIRECT_DELIVERY]?: DirectDelivery })[DIRECT_DELIVERY]
    : undefined;
}

/** The operation's one root field, when it subscribes to one field declared @SharedResult(). */
function sharedRootField(args: ExecutionArgs): FieldNode | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const selections = operation.selectionSet.selections;
  if (selections.length !== 1 || selections[0].kind !== Kind.FIELD) return undefined;
  const fields = args.schema.getSubscriptionType()?.getFields();
  return hasSharedResult(fields?.[selections[0].name.value]) ? selections[0] : undefined;
}

/**
 * What an event's result depends on: the document without the root field's arguments (the room,
 * `afterSeq`: they choose the events, not what is made of one), and the variables still used in
 * it. So a subscriber that resumed shares the live events' executions with the others; replayed
 * events are fresh objects per subscriber, executed for that subscriber alone.
 */
function sharingKey(args: ExecutionArgs, field: FieldNode): string {
  let byOperation = shapes.get(args.document);
  if (!byOperation) {
    byOperation = new Map();
    shapes.set(args.document, byOperation);
  }
  const operationName = args.operationName ?? '';
  let shape = byOperation.get(operationName);
  if (!shape) {
    const document = visit(args.document, {
      Field: (node) => (node === field ? { ...node, arguments: [] } : undefined),
    });
    const used = new Set<string>();
    visit(document, {
      VariableDefinition: () => false,
      Variable: (node) => {
        used.add(node.name.value);
      },
    });
    shape = { printed: print(document), used };
    byOperation.set(operationName, shape);
  }
  const { printed, used } = shape;
  const variables = Object.entries(args.variableValues ?? {}).filter(([name]) => used.has(name));
  const key = `${operationName}\u0000${printed}\u0000${JSON.stringify(variables)}`;
  // Every subscriber keeps its key for as long as it lives: subscribers of the same query share
  // one copy of it rather than each its own (a printed document is a tree of string pieces).
  const known = keys.get(key);
  if (known !== undefined) return known;
  keys.set(key, key);
  return key;
}

/** Per parsed document (shared between subscribers of one query, see parseOnce) and operation. */
const shapes = new WeakMap<DocumentNode, Map<string, { printed: string; used: Set<string> }>>();
/** The keys in use, one copy each. */
const keys = new LRUCache<string, string>({ max: 1000 });

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * An iterator over `source` with its own `next`. Not an async generator: a generator's `return()`
 * waits until its pending `next()` settles, so a client that unsubscribes (or whose socket closed)
 * would keep its source (pub/sub listeners, presence) until the room's next event. This hands
 * `return()` to the source at once, which ends the pending `next()` too.
 */
function iteratorOver(
  source: AsyncIterator<unknown>,
  next: () => Promise<IteratorResult<ExecutionResult>>,
): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next,
    return: async () => {
      await source.return?.();
      return DONE;
    },
    throw: async (error: unknown) => {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** The events mapped to results. */
function mapEvents(
  events: AsyncIterable<unknown>,
  map: (event: unknown) => Result,
): AsyncIterableIterator<ExecutionResult> {
  const source = events[Symbol.asyncIterator]();
  return iteratorOver(source, async () => {
    const event = await source.next();
    return event.done ? DONE : { done: false, value: await map(event.value) };
  });
}

/**
 * The events sent straight to the subscriber's socket, each as graphql-ws would frame it
 * (`{"id":…,"type":"next","payload":…}`) from a payload encoded once per event and query. The
 * iterator handed to graphql-ws yields nothing: its one `next()` settles when the events end
 * (graphql-ws then sends `complete`) or fail (graphql-ws sends `error`), and `return()` (the
 * client's `complete`, a closed socket) ends it as before.
 *
 * Live events that can be pushed (ChannelEvents) are written from the publisher's own loop: one
 * event reaches every subscriber of the room in one synchronous pass, as in a bare broadcast. An
 * event whose result is still being computed (an async field) holds back the ones after it, so a
 * subscriber still gets them in order. Resumed streams are pulled.
 */
function deliverEvents(
  events: AsyncIterable<unknown>,
  share: (event: unknown) => Shared,
  delivery: DirectDelivery,
): AsyncIterableIterator<ExecutionResult> {
  const source = events[Symbol.asyncIterator]();
  const prefix = `{"id":${JSON.stringify(delivery.id)},"type":"next","payload":`;
  const payloadOf = (shared: Shared) =>
    (shared.payload ??= Promise.resolve(shared.result).then(
      (result) => (shared.encoded ??= delivery.encode(result)),
    ));
  /** The frame, once the payload is encoded; subscribers with the same id share one string. */
  const frameOf = (shared: Shared): string | undefined => {
    if (shared.encoded === undefined) {
      if (isPromise(shared.result)) return undefined;
      shared.encoded = delivery.encode(shared.result);
    }
    if (shared.frameId !== delivery.id) {
      shared.frame = `${prefix}${shared.encoded}}`;
      shared.frameId = delivery.id;
    }
    return shared.frame;
  };
  if (isPushable(source)) {
    let ended: Promise<IteratorResult<ExecutionResult>> | undefined;
    return iteratorOver(
      source,
      () => (ended ??= pushTo(source, share, frameOf, payloadOf, delivery)),
    );
  }
  return iteratorOver(source, async () => {
    for (;;) {
      const event = await source.next();
      if (event.done) return DONE;
      const shared = share(event.value);
      await payloadOf(shared);
      delivery.send(frameOf(shared)!);
    }
  });
}

/** deliverEvents for pushed events: settles when they end (done) or fail. */
function pushTo(
  source: PushableEvents<unknown>,
  share: (event: unknown) => Shared,
  frameOf: (shared: Shared) => string | undefined,
  payloadOf: (shared: Shared) => Promise<string>,
  delivery: DirectDelivery,
): Promise<IteratorResult<ExecutionResult>> {
  return new Promise((resolve, reject) => {
    /** Events waiting for an earlier one's payload, in order; null when none waits. */
    let backlog: Promise<void> | null = null;
    const failed = (error: unknown) => {
      reject(error instanceof Error ? error : new Error(String(error)));
      void source.return?.();
    };
    source[PUSH_EVENTS]({
      next: (event) => {
        // Called from the publisher's loop over every subscriber: nothing may escape it.
        try {
          const shared = share(event);
          const frame = backlog === null ? frameOf(shared) : undefined;
          if (frame !== undefined) {
            delivery.send(frame);
            return;
          }
          const tail: Promise<void> = (backlog ?? Promise.resolve()).then(async () => {
            await payloadOf(shared);
            delivery.send(frameOf(shared)!);
          });
          backlog = tail;
          tail.then(() => {
            if (backlog === tail) backlog = null;
          }, failed);
        } catch (error) {
          failed(error);
        }
      },
      end: () => {
        if (backlog === null) resolve(DONE);
        else backlog.then(() => resolve(DONE), reject);
      },
      fail: reject,
    });
  });
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === 'function';
}

/**
 * Drop-in for graphql-js `subscribe` in both WebSocket servers. For a field declared
 * @SharedResult(), an event is executed once per distinct (query, variables) and the result is
 * shared by every subscriber; any other subscription executes each event per subscriber. A
 * graphql-ws subscriber (DIRECT_DELIVERY on its context) also shares the encoded payload and gets
 * it written to its socket directly.
 */
export async function subscribeSharingResults(
  args: ExecutionArgs,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const field = sharedRootField(args);
  if (!field) {
    return subscribe(args) as Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  }
  const events = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(events))) return events as ExecutionResult;
  const key = sharingKey(args, field);
  const share = (event: unknown): Shared => {
    if (typeof event !== 'object' || event === null) {
      return { result: execute({ ...args, rootValue: event }) };
    }
    let byKey = sharedByEvent.get(event);
    if (!byKey) {
      byKey = new Map();
      sharedByEvent.set(event, byKey);
    }
    let shared = byKey.get(key);
    if (!shared) {
      shared = { result: execute({ ...args, rootValue: event }) };
      byKey.set(key, shared);
    }
    return shared;
  };
  const delivery = directDeliveryOf(args.contextValue);
  if (delivery) return deliverEvents(events as AsyncIterable<unknown>, share, delivery);
  return mapEvents(events as AsyncIterable<unknown>, (event) => share(event).result);
}
