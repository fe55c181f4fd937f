import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';

/** Query parameters that carry secrets (OAuth codes and state) are cut from logged URLs. */
function safeUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](code|state|access_token|refresh_token)=)[^&]*/gi, '$1[redacted]');
}

/** Levels at which pino writes info lines (the request log). */
const INFO_OR_LOWER = new Set(['info', 'debug', 'trace']);

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Structured JSON logs in production, readable lines in development; one line per request with
 * a request id (taken from X-Request-Id when present). Authorization and cookies never appear.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const header = req.headers['x-request-id'];
            const id =
              typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
            // Echoed so a client can quote it when reporting a problem.
            res.setHeader('X-Request-Id', id);
            return id;
          },
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              'req.body',
            ],
            censor: '[redacted]',
          },
          // Ours see the request and response themselves: pino's standard serializers would first
          // copy every header into a new object, on every request, for us to throw away.
          wrapSerializers: false,
          serializers: {
            req: (req: { id: string; method: string; url: string; originalUrl?: string }) => ({
              id: req.id,
              method: req.method,
              url: safeUrl(req.originalUrl ?? req.url),
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          // The request line is written at info: at a higher level no request needs the
          // 'finish' listener and message building that would produce it.
          autoLogging: INFO_OR_LOWER.has(config.logLevel)
            ? { ignore: (req: IncomingMessage) => req.url === '/health' }
            : false,
          transport:
            config.production || process.env.NODE_ENV === 'test' || !prettyAvailable()
              ? undefined
              : {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
                },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
