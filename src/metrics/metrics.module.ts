import { Global, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus metrics at GET /metrics, off unless METRICS=true. Global, so the modules that count
 * something (votes, Spotify calls, subscriptions) reach MetricsService without importing this.
 */
@Global()
@Module({
  providers: [MetricsService, GraphqlMetricsPlugin],
  controllers: [MetricsController],
  exports: [MetricsService],
})
export class MetricsModule {
  constructor(metrics: MetricsService, adapterHost: HttpAdapterHost) {
    // Off means off: no hook at all, so requests do no work for metrics.
    if (!metrics.enabled) return;
    adapterHost.init$.subscribe(() => {
      const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
      fastify.addHook('onResponse', (request, reply, done) => {
        metrics.httpRequestServed(request.method, request.url, reply.statusCode, reply.elapsedTime);
        done();
      });
    });
  }
}
