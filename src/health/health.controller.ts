import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/** GET /health: 200 when the database (and Redis, when configured) answer; 503 otherwise. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', 1500),
        () => this.redis.check('redis'),
      ]);
    } catch (error) {
      // Terminus reports "down" as a 503 exception; answered here, it keeps the per-component
      // report instead of becoming an API error (which would read SPOTIFY_UNAVAILABLE).
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
