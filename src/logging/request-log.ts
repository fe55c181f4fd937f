import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';

/** A request that takes longer is logged whatever its outcome. */
export const SLOW_REQUEST_MS = 1000;

/** Query parameters that carry secrets (OAuth codes and state) are cut from logged URLs. */
export function safeUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](code|state|access_token|refresh_token)=)[^&]*/gi, '$1[redacted]');
}

/** Levels at which every request is logged, not only those that failed or were slow. */
const EVERY_REQUEST = new Set(['debug', 'trace']);

/**
 * The request log, without a logger per request: Fastify's `onResponse` hook writes one line for a
 * request that failed (status ≥ 400: warn, ≥ 500: error) or took longer than SLOW_REQUEST_MS (warn),
 * and, at LOG_LEVEL debug or trace, for every request (info). Each line carries the request id
 * (X-Request-Id when the client sent a sane one, else a UUID; echoed on every response).
 * Health probes are never logged.
 */
@Injectable()
export class RequestLog {
  constructor(adapterHost: HttpAdapterHost, config: AppConfig) {
    const everyRequest = EVERY_REQUEST.has(config.logLevel);
    adapterHost.init$.subscribe(() => {
      const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
      fastify.addHook('onRequest', (request, reply, done) => {
        // Echoed so a client can quote it when reporting a problem.
        void reply.header('X-Request-Id', request.id);
        done();
      });
      fastify.addHook('onResponse', (request, reply, done) => {
        const status = reply.statusCode;
        const responseTime = reply.elapsedTime;
        if (everyRequest || status >= 400 || responseTime >= SLOW_REQUEST_MS) {
          this.write(request, reply, responseTime);
        }
        done();
      });
    });
  }

  private write(request: FastifyRequest, reply: FastifyReply, responseTime: number): void {
    if (request.url === '/health') return;
    const status = reply.statusCode;
    const level =
      status >= 500 ? 'error' : status >= 400 || responseTime >= SLOW_REQUEST_MS ? 'warn' : 'info';
    // Shaped by the logger's serializers (logging.module.ts): id, method, URL; status.
    PinoLogger.root[level]({ req: request, res: reply, responseTime }, 'request completed');
  }
}
