import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainException } from '../errors/domain.exception.js';
import { ErrorCode, HTTP_STATUS_BY_CODE } from '../errors/error-code.enum.js';

interface ErrorShape {
  code: ErrorCode;
  message: string;
  extensions: Record<string, unknown>;
}

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.UNPROCESSABLE_ENTITY]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.TOO_MANY_REQUESTS,
  [HttpStatus.SERVICE_UNAVAILABLE]: ErrorCode.SPOTIFY_UNAVAILABLE,
};

/**
 * The one place where exceptions become client errors, for GraphQL (extensions.code) and REST
 * (status + JSON). Unknown errors are logged in full and reach the client as a generic message.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const shape = this.toShape(exception);
    if (host.getType<GqlContextType>() === 'graphql') {
      return new GraphQLError(shape.message, {
        extensions: { ...shape.extensions, code: shape.code },
      });
    }
    if (host.getType() === 'http') {
      const response = host.switchToHttp().getResponse<Response>();
      if (response.headersSent) return undefined;
      const status =
        exception instanceof HttpException
          ? exception.getStatus()
          : HTTP_STATUS_BY_CODE[shape.code];
      const retryAfter = shape.extensions.retryAfterSeconds;
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      response.status(status).json({
        statusCode: status,
        code: shape.code,
        message: shape.message,
        ...shape.extensions,
      });
    }
    return undefined;
  }

  private toShape(exception: unknown): ErrorShape {
    if (exception instanceof DomainException) {
      return {
        code: exception.code,
        message: exception.message,
        extensions: { reason: exception.reason, ...exception.extensions },
      };
    }
    if (exception instanceof GraphQLError) {
      const code =
        (exception.extensions?.code as ErrorCode | undefined) ?? ErrorCode.BAD_USER_INPUT;
      return { code, message: exception.message, extensions: { ...exception.extensions } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_HTTP_STATUS[status];
      if (code) {
        const body = exception.getResponse();
        const message =
          typeof body === 'object' && body && 'message' in body
            ? String(body.message)
            : exception.message;
        return { code, message, extensions: {} };
      }
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : exception,
    );
    return {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      message: 'Internal server error',
      extensions: {},
    };
  }
}
