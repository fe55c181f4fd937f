import 'reflect-metadata';
import type { Server } from 'node:http';
import { ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureApp, createHttpAdapter } from './app.setup.js';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config.js';
import { ConfigValidationError } from './config/config-validation.error.js';

/** Emitted on `process` once the server listens. */
const STARTED_EVENT = 'spotify-party:started';

/** In-flight requests get this long to finish after SIGTERM before the process gives up on them. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  // AppModule.forRoot() validates the environment, so a wrong variable fails here, before Nest
  // logs anything, and reads as one clear message.
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(),
    createHttpAdapter(),
    // Fastify's own JSON parser, the one body parse: Nest's would replace it with another.
    { bodyParser: false, bufferLogs: true },
  );
  configureApp(app);
  const logger = app.get(Logger);
  const signals = [ShutdownSignal.SIGTERM, ShutdownSignal.SIGINT];
  // Nest stops accepting, closes sockets, lets in-flight requests finish, then closes the database;
  // process.exit (not re-raising the signal) lets pino flush and reports success to the supervisor.
  app.enableShutdownHooks(signals, { useProcessExit: true });
  for (const signal of signals) {
    process.once(signal, () => {
      logger.log(`${signal} received: shutting down`);
      // Keep-alive connections would otherwise hold the closing server open until they time out.
      const server: Server = app.getHttpServer();
      setInterval(() => server.closeIdleConnections(), 100).unref();
      setTimeout(() => {
        logger.error(`Shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  logger.log(
    `Spotify Party is listening on ${config.localBaseUrl} (GraphQL: ${config.localBaseUrl}/graphql)`,
  );
  // For dist/server.mjs, which writes the bundle's code cache at this point (see there).
  (process as NodeJS.EventEmitter).emit(STARTED_EVENT);
}

bootstrap().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: name the variables, skip the stack.
  console.error(
    error instanceof ConfigValidationError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : error,
  );
  process.exit(1);
});
