import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { toClientError } from './common/errors/client-error.js';
import { RememberingValidationPipe } from './common/validation/remembering-validation.pipe.js';
import { validationExceptionFactory } from './common/errors/validation-exception.factory.js';
import { AppConfig } from './config/app-config.js';
import { GUARD_RAILS } from './graphql/guard-rails.js';

/** Body-parser failures become JSON errors with a code, GraphQL-shaped, never an HTML page. */
function jsonBody(limit: string) {
  const parse = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status, code, message } = toClientError(error);
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    });
}

/** Everything main.ts and the e2e tests share when turning the module into a running app. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use(jsonBody(GUARD_RAILS.bodyLimit));
  app.use(express.urlencoded({ extended: false, limit: GUARD_RAILS.bodyLimit }));
  // Only the OAuth login reads a cookie (its browser binding): no parsing on /graphql's hot path.
  app.use('/auth', cookieParser());
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
  });
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
