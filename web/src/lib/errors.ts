import { CombinedGraphQLErrors } from '@apollo/client';
import type { ApiErrorInfo } from './wording';

/** The code, reason and message of the first GraphQL error of an Apollo Client error. */
export function apiErrorOf(error: unknown): ApiErrorInfo | null {
  if (!error) return null;
  if (CombinedGraphQLErrors.is(error)) {
    const [first] = error.errors;
    const extensions = (first?.extensions ?? {}) as Record<string, unknown>;
    return {
      code: typeof extensions.code === 'string' ? extensions.code : null,
      reason: typeof extensions.reason === 'string' ? extensions.reason : null,
      retryAfterSeconds:
        typeof extensions.retryAfterSeconds === 'number' ? extensions.retryAfterSeconds : null,
      message: first?.message ?? null,
    };
  }
  return { code: 'NETWORK', message: 'The party server cannot be reached. Check your connection.' };
}
