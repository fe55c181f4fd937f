import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator.js';
import { MetricsService } from './metrics.service.js';

/**
 * GET /metrics in Prometheus' text format, when METRICS=true; 404 otherwise, as for any unknown
 * path. Unauthenticated like /health: keep it off the public network (a firewall or the proxy).
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res() res: FastifyReply): Promise<void> {
    if (!this.metrics.enabled) throw new NotFoundException('Cannot GET /metrics');
    const { contentType, body } = await this.metrics.scrape();
    await res.type(contentType).send(body);
  }
}
