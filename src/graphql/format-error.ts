import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { DomainException } from '../common/errors/domain.exception.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

const logger = new Logger('GraphQL');

/** Codes that Apollo and graphql-js produce themselves for bad requests: passed through. */
const REQUEST_ERROR_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
]);

/**
 * The last stop of every GraphQL error. The exception filter already shaped errors thrown by
 * resolvers; this also covers field resolvers (which Nest runs without filters) and masks
 * anything unexpected, so no stack, SQL or driver message reaches a client.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError;
  if (original instanceof DomainException) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...original.extensions, reason: original.reason, code: original.code },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  logger.error(
    original instanceof Error ? (original.stack ?? original.message) : formatted.message,
  );
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
