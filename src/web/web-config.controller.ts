import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../common/decorators/public.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { lanUrl } from './lan-url.js';

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
  webConfig(): WebConfig {
    return {
      publicUrl: this.config.publicUrl,
      lanUrl: lanUrl(this.config.host, this.config.port),
    };
  }
}
