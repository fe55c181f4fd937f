import { Controller, Get, Header, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/decorators/public.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { isLoopback, lanUrl } from './lan-url.js';

export interface WebConfig {
  /** PUBLIC_URL: where guests reach the app, when the operator says so. */
  publicUrl: string | null;
  /** This machine's address on its network, for a host who opened the app at 127.0.0.1. */
  lanUrl: string | null;
}

/** GET /web/config: what the web app cannot know from its own origin (the join link's origin). */
@Public()
@Controller('web')
export class WebConfigController {
  constructor(private readonly config: AppConfig) {}

  @Get('config')
  @Header('cache-control', 'no-store')
  webConfig(@Req() request: FastifyRequest): WebConfig {
    return {
      publicUrl: this.config.publicUrl,
      // Only for a host on this machine (the case it is for): nobody else learns its address.
      lanUrl: isLoopback(request.ip) ? lanUrl(this.config.host, this.config.port) : null,
    };
  }
}
