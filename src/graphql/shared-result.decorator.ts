import { Extensions } from '@nestjs/graphql';
import type { GraphQLField } from 'graphql';

/** The schema extension that marks a subscription field's result as the same for every caller. */
const SHARED_RESULT = 'sharedResult';

/**
 * Declares that a subscription's result depends only on the event, never on who subscribed, so
 * an event is executed once per distinct (query, variables) and the result is shared by every
 * subscriber: fan-out to a thousand phones costs one execution, not a thousand. Only for fields
 * whose whole result type holds nothing of the caller's own: a field added later that depends on
 * the caller would show one subscriber's answer to all.
 */
export const SharedResult = (): MethodDecorator => Extensions({ [SHARED_RESULT]: true });

export function hasSharedResult(field: GraphQLField<unknown, unknown> | undefined): boolean {
  return field?.extensions[SHARED_RESULT] === true;
}
