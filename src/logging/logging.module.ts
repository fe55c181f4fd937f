import { Module } from '@nestjs/common';
import { createRequire } from 'node:module';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { RequestLog, safeUrl } from './request-log.js';

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Structured JSON logs in production, readable lines in development. Requests are logged by
 * RequestLog (failed, slow, or all at debug), with a request id; Authorization and cookies never
 * appear. nestjs-pino supplies the application's logger only: its per-request middleware (a child
 * logger and an AsyncLocalStorage scope for every request) is not mounted.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [],
        pinoHttp: {
          level: config.logLevel,
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body'],
            censor: '[redacted]',
          },
          // A request is logged as its id, method and URL (secrets cut), its response as its
          // status: pino's standard serializers would copy every header first.
          wrapSerializers: false,
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: safeUrl(req.url),
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
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
  providers: [RequestLog],
})
export class LoggingModule {}
