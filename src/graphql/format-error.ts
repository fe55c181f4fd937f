import type { ExecutionResult, FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { graphqlExtensionsOf, toClientError } from '../common/errors/client-error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

/**
 * The last stop of every GraphQL error, over HTTP (Apollo's formatError) and WebSocket alike. The
 * exception filter already shaped errors thrown by resolvers; this also covers field resolvers
 * (which Nest runs without filters) and graphql-js's own errors, through the same toClientError.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const clientError = toClientError(error);
  if (clientError.code === ErrorCode.INTERNAL_SERVER_ERROR) {
    return {
      message: clientError.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: clientError.code },
    };
  }
  return {
    ...formatted,
    message: clientError.message,
    extensions: graphqlExtensionsOf(clientError),
  };
}

/** A subscription's result as the WebSocket servers send it, its errors shaped as over HTTP. */
export function formatExecutionResult(result: ExecutionResult): FormattedExecutionResult {
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((error) => formatGraphqlError(error.toJSON(), error)),
  };
}
