import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  Kind,
  OperationTypeNode,
  print,
  subscribe,
} from 'graphql';
import { hasSharedResult } from './shared-result.decorator.js';

type Result = ExecutionResult | Promise<ExecutionResult>;
const resultsByEvent = new WeakMap<object, Map<string, Result>>();

/** Whether the operation subscribes to one field, declared @SharedResult() in the schema. */
function sharesResults(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return false;
  const selections = operation.selectionSet.selections;
  if (selections.length !== 1 || selections[0].kind !== Kind.FIELD) return false;
  const fields = args.schema.getSubscriptionType()?.getFields();
  return hasSharedResult(fields?.[selections[0].name.value]);
}

async function* mapEvents(
  events: AsyncIterable<unknown>,
  map: (event: unknown) => Result,
): AsyncGenerator<ExecutionResult> {
  for await (const event of events) yield await map(event);
}

/**
 * Drop-in for graphql-js `subscribe` in both WebSocket servers. For a field declared
 * @SharedResult(), an event is executed once per distinct (query, variables) and the result is
 * shared by every subscriber; any other subscription executes each event per subscriber.
 */
export async function subscribeSharingResults(
  args: ExecutionArgs,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  if (!sharesResults(args)) {
    return subscribe(args) as Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;
  }
  const events = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(events))) return events as ExecutionResult;
  const key = `${args.operationName ?? ''}\u0000${print(args.document)}\u0000${JSON.stringify(
    args.variableValues ?? {},
  )}`;
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
