import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { HttpException, Logger, NotFoundException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { GraphQLError } from 'graphql';
import { HTTP_STATUS_BY_CODE, RequestErrorCode, toClientError } from './client-error.js';
import { CommonError, CommonException } from './common.exception.js';
import { ErrorCode } from './error-code.enum.js';

Logger.overrideLogger(false);

describe('toClientError', () => {
  it('gives each of the contract codes a status of its own but 503, the two unavailabilities', () => {
    const statuses = Object.values(ErrorCode)
      .filter((code) => code !== ErrorCode.SPOTIFY_UNAVAILABLE)
      .map((code) => HTTP_STATUS_BY_CODE[code]);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(HTTP_STATUS_BY_CODE[ErrorCode.SPOTIFY_UNAVAILABLE]).toBe(503);
    // An HTTP exception's 503 is the generic one.
    expect(toClientError(new HttpException('down', 503))).toMatchObject({
      code: ErrorCode.SERVICE_UNAVAILABLE,
      extensions: { retryable: true },
    });
  });

  it('keeps a typed exception’s code, reason, message and details', () => {
    const sut = toClientError(
      new CommonException(CommonError.RATE_LIMITED, undefined, { retryAfterSeconds: 7 }),
    );
    expect(sut).toEqual({
      code: ErrorCode.TOO_MANY_REQUESTS,
      status: 429,
      message: 'Too many requests, slow down',
      reason: CommonError.RATE_LIMITED,
      extensions: { retryAfterSeconds: 7 },
    });
  });

  it('finds the typed exception a resolver threw inside the GraphQL error around it', () => {
    const wrapped = new GraphQLError('ignored', {
      originalError: new CommonException(CommonError.VALIDATION_FAILED),
    });
    expect(toClientError(wrapped)).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      status: 400,
      reason: CommonError.VALIDATION_FAILED,
      message: 'The input is not valid',
    });
  });

  it('passes through the codes Apollo and graphql-js give request errors', () => {
    const error = new GraphQLError('Variable "$x" got invalid value "abc"', {
      extensions: { code: ErrorCode.BAD_USER_INPUT, stacktrace: ['at somewhere'] },
    });
    expect(toClientError(error)).toEqual({
      code: ErrorCode.BAD_USER_INPUT,
      status: 400,
      message: 'Variable "$x" got invalid value "abc"',
      extensions: {},
    });
    const invalid = new GraphQLError('Cannot query field "nope"', {
      extensions: { code: RequestErrorCode.GRAPHQL_VALIDATION_FAILED },
    });
    expect(toClientError(invalid).code).toBe(RequestErrorCode.GRAPHQL_VALIDATION_FAILED);
  });

  it.each([
    ['a plain error', new Error('SQLITE_ERROR: no such table: room')],
    [
      'a GraphQL error around one',
      new GraphQLError('connection refused', { originalError: new Error('x') }),
    ],
    [
      'a GraphQL error without a code',
      new GraphQLError('Cannot return null for non-nullable field'),
    ],
    [
      'a GraphQL error with an unknown code',
      new GraphQLError('pg: 42P01', { extensions: { code: '42P01' } }),
    ],
    ['a thrown string', 'relation "room" does not exist'],
  ])('masks %s as a generic internal error', (_, error) => {
    expect(toClientError(error)).toEqual({
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      status: 500,
      message: 'Internal server error',
      extensions: {},
    });
  });

  describe('logging', () => {
    afterEach(() => {
      jest.restoreAllMocks();
    });

    it('logs an unexpected error once, also when it comes back from the exception filter', () => {
      const logged = jest.spyOn(Logger.prototype, 'error');
      const masked = toClientError(new Error('SQLITE_BUSY'));
      expect(logged).toHaveBeenCalledTimes(1);
      // The filter's GraphQL error, as graphql-js hands it on located in the query.
      const fromFilter = new GraphQLError(masked.message, {
        extensions: { code: masked.code },
      });
      const located = new GraphQLError(fromFilter.message, { originalError: fromFilter });
      expect(toClientError(located)).toEqual(masked);
      expect(logged).toHaveBeenCalledTimes(1);
    });
  });

  it('maps an HTTP exception’s status to the contract’s code, keeping the status', () => {
    expect(toClientError(new NotFoundException('Cannot GET /nope'))).toEqual({
      code: ErrorCode.NOT_FOUND,
      status: 404,
      message: 'Cannot GET /nope',
      extensions: {},
    });
    expect(toClientError(new HttpException('Too big', 413))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      status: 413,
    });
    expect(toClientError(new HttpException('Bad gateway', 502))).toMatchObject({
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      status: 502,
      message: 'Internal server error',
    });
  });

  it('answers an oversized JSON body with PAYLOAD_TOO_LARGE and the limit', () => {
    expect(toClientError(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE())).toEqual({
      code: RequestErrorCode.PAYLOAD_TOO_LARGE,
      status: 413,
      message: 'Request body is larger than 64kb',
      extensions: {},
    });
  });

  it('answers a malformed JSON body with BAD_REQUEST', () => {
    for (const error of [
      new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(),
      new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(),
    ]) {
      expect(toClientError(error)).toEqual({
        code: RequestErrorCode.BAD_REQUEST,
        status: 400,
        message: 'Request body is not valid JSON',
        extensions: {},
      });
    }
  });

  it('answers a body of a type nothing parses with BAD_REQUEST and its status', () => {
    expect(toClientError(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/csv'))).toEqual({
      code: RequestErrorCode.BAD_REQUEST,
      status: 415,
      message: 'Unsupported Media Type text/csv',
      extensions: {},
    });
  });
});
