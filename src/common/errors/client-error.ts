import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainException } from './domain.exception.js';
import { ErrorCode } from './error-code.enum.js';
import { GUARD_RAILS } from '../../graphql/guard-rails.js';
import { isServiceUnavailable, OutageLog } from './service-unavailable.js';

/**
 * Codes of requests that never reached an operation: the HTTP server's (Fastify's body parsing), and the ones Apollo
 * and graphql-js give themselves. They are passed through as they are.
 */
export enum RequestErrorCode {
  BAD_REQUEST = 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
}

export type ClientErrorCode = ErrorCode | RequestErrorCode;

/** Every code a client can get, with the HTTP status that goes with it. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ClientErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
  [ErrorCode.SPOTIFY_UNAVAILABLE]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [RequestErrorCode.BAD_REQUEST]: 400,
  [RequestErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [RequestErrorCode.GRAPHQL_PARSE_FAILED]: 400,
  [RequestErrorCode.GRAPHQL_VALIDATION_FAILED]: 400,
  [RequestErrorCode.OPERATION_RESOLUTION_FAILURE]: 400,
  // Apollo answers these 200: the client retries with the full query.
  [RequestErrorCode.PERSISTED_QUERY_NOT_FOUND]: 200,
  [RequestErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: 200,
};

/**
 * For HTTP exceptions (Nest's own, e.g. an unknown route): the contract's code for a status.
 * Derived from the table, where each of the contract's codes has a status of its own but for
 * 503, which is SERVICE_UNAVAILABLE (listed after SPOTIFY_UNAVAILABLE): the generic one.
 */
const CODE_BY_HTTP_STATUS = new Map<number, ErrorCode>(
  Object.values(ErrorCode).map((code) => [HTTP_STATUS_BY_CODE[code], code]),
);

/** What a client is told about a failure, whatever the transport. */
export interface ClientError {
  code: ClientErrorCode;
  /** The HTTP status, where the transport has one to set. */
  status: number;
  message: string;
  /** The module's finer-grained reason (e.g. ROOM_NOT_FOUND), for typed exceptions. */
  reason?: string;
  /** Further details for the client (e.g. retryAfterSeconds, the failing fields). */
  extensions: Record<string, unknown>;
}

/** A client error as GraphQL `extensions`: the details, the reason and the code. */
export function graphqlExtensionsOf(error: ClientError): Record<string, unknown> {
  return {
    ...error.extensions,
    ...(error.reason === undefined ? {} : { reason: error.reason }),
    code: error.code,
  };
}

const INTERNAL_MESSAGE = 'Internal server error';
const UNAVAILABLE_MESSAGE = 'The service is unavailable for a moment: retry';
const logger = new Logger('Errors');

function isClientErrorCode(code: unknown): code is ClientErrorCode {
  return typeof code === 'string' && Object.hasOwn(HTTP_STATUS_BY_CODE, code);
}

/**
 * The one way anything thrown becomes what a client sees: typed exceptions keep their code,
 * reason and message; request errors from Apollo, graphql-js, Nest and Fastify keep their
 * code; anything else is logged in full and reaches the client as a generic internal error, with
 * no stack, SQL or driver message.
 */
export function toClientError(error: unknown): ClientError {
  if (error instanceof DomainException) {
    return {
      code: error.code,
      status: HTTP_STATUS_BY_CODE[error.code],
      message: error.message,
      reason: error.reason,
      extensions: { ...error.extensions },
    };
  }
  if (error instanceof GraphQLError) return fromGraphqlError(error);
  // Nest hands Fastify's request errors on as HttpExceptions caused by them.
  if (error instanceof HttpException) {
    return fromFastifyError(error.cause) ?? fromHttpException(error);
  }
  return fromFastifyError(error) ?? unavailableOrInternal(error);
}

function fromGraphqlError(error: GraphQLError): ClientError {
  // graphql-js wraps what a resolver threw; a typed exception inside decides.
  const original = error.originalError;
  if (original instanceof DomainException) return toClientError(original);
  const thrown = original instanceof GraphQLError ? undefined : original;
  const { code, reason, stacktrace: _stacktrace, http: _http, ...extensions } = error.extensions;
  // Only our exception filter sets this code itself, having masked and logged the error already.
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && !thrown) return internalError();
  if (isClientErrorCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return {
      code,
      status: HTTP_STATUS_BY_CODE[code],
      message: error.message,
      ...(typeof reason === 'string' ? { reason } : {}),
      extensions,
    };
  }
  return thrown ? toClientError(thrown) : unavailableOrInternal(error);
}

function fromHttpException(error: HttpException): ClientError {
  const status = error.getStatus();
  // A 4xx without a code of its own (413, 422...) is still the client's input at fault.
  const code =
    CODE_BY_HTTP_STATUS.get(status) ??
    (status >= 400 && status < 500 ? ErrorCode.BAD_USER_INPUT : undefined);
  if (!code || code === ErrorCode.INTERNAL_SERVER_ERROR) return { ...internal(error), status };
  const body = error.getResponse();
  const message =
    typeof body === 'object' && body && 'message' in body ? String(body.message) : error.message;
  return { code, status, message, extensions: retryableIf(code) };
}

/**
 * Fastify's request errors (`FST_ERR_CTP_…`: the body too large, not JSON, of a type nothing
 * parses): a `code` and a 4xx `statusCode`. Their messages name the request, nothing internal.
 */
function fromFastifyError(error: unknown): ClientError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      code: RequestErrorCode.PAYLOAD_TOO_LARGE,
      status: HTTP_STATUS_BY_CODE[RequestErrorCode.PAYLOAD_TOO_LARGE],
      message: `Request body is larger than ${GUARD_RAILS.bodyLimitBytes / 1024}kb`,
      extensions: {},
    };
  }
  const notJson =
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
  return {
    code: RequestErrorCode.BAD_REQUEST,
    status: statusCode,
    message: notJson ? 'Request body is not valid JSON' : error.message,
    extensions: {},
  };
}

const outages = new OutageLog(
  new Logger('Outage'),
  'The database or Redis is unavailable: requests are answered SERVICE_UNAVAILABLE until it is back',
);

/** The database or Redis down is the client's to retry; anything else unknown is ours. */
function unavailableOrInternal(error: unknown): ClientError {
  if (!isServiceUnavailable(error)) return internal(error);
  outages.noted(error);
  return {
    code: ErrorCode.SERVICE_UNAVAILABLE,
    status: HTTP_STATUS_BY_CODE[ErrorCode.SERVICE_UNAVAILABLE],
    message: UNAVAILABLE_MESSAGE,
    extensions: retryableIf(ErrorCode.SERVICE_UNAVAILABLE),
  };
}

/** SERVICE_UNAVAILABLE says so in `extensions.retryable`, as the contract promises. */
function retryableIf(code: ErrorCode): Record<string, unknown> {
  return code === ErrorCode.SERVICE_UNAVAILABLE ? { retryable: true } : {};
}

function internal(error: unknown): ClientError {
  logger.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return internalError();
}

function internalError(): ClientError {
  return {
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    status: HTTP_STATUS_BY_CODE[ErrorCode.INTERNAL_SERVER_ERROR],
    message: INTERNAL_MESSAGE,
    extensions: {},
  };
}
