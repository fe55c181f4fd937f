import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { GRAPHQL_PATH } from '../../graphql/graphql-path.js';
import { graphqlExtensionsOf, toClientError } from '../errors/client-error.js';
import { ErrorCode } from '../errors/error-code.enum.js';

/**
 * Hands what resolvers, guards and controllers throw to the client, shaped by toClientError: as a
 * GraphQL error with `extensions.code`, or as a REST answer with its status and a JSON body. A
 * request to /graphql that fails before reaching GraphQL (a body that is not JSON, or too large)
 * is answered GraphQL-shaped too, with its status.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    const error = toClientError(exception);
    if (host.getType<GqlContextType>() === 'graphql') {
      const extensions = graphqlExtensionsOf(error);
      // Apollo answers over HTTP with the status an error names (and drops it from extensions):
      // the contract's SERVICE_UNAVAILABLE is a 503, so clients and proxies see it retryable.
      if (error.code === ErrorCode.SERVICE_UNAVAILABLE) extensions.http = { status: error.status };
      return new GraphQLError(error.message, { extensions });
    }
    if (host.getType() === 'http') {
      const http = host.switchToHttp();
      const reply = http.getResponse<FastifyReply>();
      if (reply.sent) return undefined;
      const retryAfter = error.extensions.retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('Retry-After', String(retryAfter));
      const path = http.getRequest<FastifyRequest>().url.split('?', 1)[0];
      void reply.status(error.status).send(
        path === GRAPHQL_PATH
          ? { errors: [{ message: error.message, extensions: graphqlExtensionsOf(error) }] }
          : {
              statusCode: error.status,
              code: error.code,
              message: error.message,
              ...(error.reason === undefined ? {} : { reason: error.reason }),
              ...error.extensions,
            },
      );
    }
    return undefined;
  }
}
