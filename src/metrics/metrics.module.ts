import {
  Global,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
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
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: MetricsService) {}

  configure(consumer: MiddlewareConsumer): void {
    // Off means off: no middleware at all, so requests do no work for metrics.
    if (!this.metrics.enabled) return;
    const metrics = this.metrics;
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const started = process.hrtime.bigint();
        res.once('finish', () =>
          metrics.httpRequestServed(req.method, req.originalUrl, res.statusCode, started),
        );
        next();
      })
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
