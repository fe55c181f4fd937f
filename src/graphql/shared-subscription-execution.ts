import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  getOperationAST,
  Kind,
  OperationTypeNode,
  print,
  subscribe,
  visit,
} from 'graphql';

/**
 * Subscription fields whose result depends only on the event, never on who subscribed. For these,
 * an event is executed once per distinct (query, variables) and the result is shared by every
 * subscriber: fan-out to a thousand phones costs one execution, not a thousand. (`roomUpdated` is
 * not one of them: its Room carries the caller's own votes.) The field's own arguments (the room,
 * `afterSeq`) choose the events, not what is made of one, so they are left out of the key: a
 * subscriber that resumed shares the live events' executions with the others. Replayed events are
 * fresh objects per subscriber, so they are executed for that subscriber alone.
 */
const CALLER_INDEPENDENT_FIELDS = new Set(['voteUpdated']);

type Result = ExecutionResult | Promise<ExecutionResult>;
const resultsByEvent = new WeakMap<object, Map<string, Result>>();

function rootField(args: ExecutionArgs): FieldNode | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const selections = operation.selectionSet.selections;
  return selections.length === 1 && selections[0].kind === Kind.FIELD ? selections[0] : undefined;
}

/**
 * What an event's result depends on: the document without the root field's arguments, and the
 * variables still used in it.
 */
function sharingKey(args: ExecutionArgs, field: FieldNode): string {
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
  const variables = Object.entries(args.variableValues ?? {}).filter(([name]) => used.has(name));
  return `${args.operationName ?? ''}\u0000${print(document)}\u0000${JSON.stringify(variables)}`;
}

async function* mapEvents(
  events: AsyncIterable<unknown>,
  map: (event: unknown) => Result,
): AsyncGenerator<ExecutionResult> {
  for await (const event of events) yield await map(event);
}

/** Drop-in for graphql-js `subscribe` in both WebSocket servers. */
export async function subscribeSharingResults(
  args: ExecutionArgs,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const field = rootField(args);
  if (!field || !CALLER_INDEPENDENT_FIELDS.has(field.name.value)) {
    return subscribe(args) as Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;
  }
  const events = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(events))) return events as ExecutionResult;
  const key = sharingKey(args, field);
  return mapEvents(events as AsyncIterable<unknown>, (event) => {
    if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
    let results = resultsByEvent.get(event);
    if (!results) {
      results = new Map();
      resultsByEvent.set(event, results);
    }
    let result = results.get(key);
    if (!result) {
      result = execute({ ...args, rootValue: event });
      results.set(key, result);
    }
    return result;
  });
}
