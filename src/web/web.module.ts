import fastifyStatic from '@fastify/static';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WebConfigController } from './web-config.controller.js';
import { APP_ROUTES, webRoot } from './web-root.js';

/** Vite names every asset after its content: a year in caches; the page itself is always fresh. */
function cacheHeaders(reply: FastifyReply, path: string): void {
  reply.header(
    'cache-control',
    /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/**
 * Serves the web app (web/, built into dist/web) at `/`, with the SPA's own paths (`/join/<CODE>`,
 * `/room/<CODE>`) answered by its index.html, and leaves every other route alone: the files are
 * routes of their own (@fastify/static without a wildcard), so an unknown path still gets the
 * server's JSON 404.
 */
@Module({ controllers: [WebConfigController] })
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger(WebModule.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const root = webRoot();
    if (!root) {
      this.logger.warn('The web app is not built (dist/web): run `npm run build` to serve it at /');
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // The .br and .gz copies the build writes, to browsers that accept them (web/vite.config.ts).
      preCompressed: true,
      setHeaders: cacheHeaders,
    });
    const app = (_request: unknown, reply: FastifyReply) => reply.sendFile('index.html');
    for (const path of APP_ROUTES) fastify.get(path, app);
  }
}
