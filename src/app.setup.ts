import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import { RememberingValidationPipe } from './common/validation/remembering-validation.pipe.js';
import { validationExceptionFactory } from './common/errors/validation-exception.factory.js';
import { AppConfig } from './config/app-config.js';
import { GUARD_RAILS } from './graphql/guard-rails.js';

/** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: loopback and private networks. */
const TRUSTED_PROXIES = 'loopback, linklocal, uniquelocal';

/** A request id from X-Request-Id when it is a sane one, else a new UUID. */
function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
}

/**
 * The HTTP server: Fastify. JSON bodies are parsed once, by Fastify, up to the body limit; its
 * parse errors reach the exception filter, which answers them GraphQL-shaped on /graphql.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: TRUSTED_PROXIES,
    bodyLimit: GUARD_RAILS.bodyLimitBytes,
    genReqId: requestIdOf,
    // `/graphql/` is `/graphql`, as it was on Express: a client's endpoint with a trailing slash
    // keeps working.
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/** Everything main.ts and the e2e tests share when turning the module into a running app. */
export function configureApp(app: NestFastifyApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Set by the auth guard on every authenticated request: declared, so requests keep one shape.
  fastify.decorateRequest('user', undefined);
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, credentials: true });
  }
  app.useGlobalPipes(
    new RememberingValidationPipe({
      whitelist: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  return app;
}
