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
      fields: fieldsOf(extensions.fields),
    };
  }
  return { code: 'NETWORK', message: 'The party server cannot be reached. Check your connection.' };
}

/** The argument names of a validation error's `extensions.fields` ({ field, messages }[]). */
function fieldsOf(fields: unknown): string[] | null {
  if (!Array.isArray(fields)) return null;
  return fields.flatMap((entry: unknown) => {
    const field = (entry as { field?: unknown } | null)?.field;
    return typeof field === 'string' ? [field] : [];
  });
}
