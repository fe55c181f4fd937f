import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { type AbstractLoader, ExpressLoader, FastifyLoader } from '@nestjs/serve-static';
import { WebConfigController } from './web-config.controller.js';
import { NOT_APP_ROUTES, webRoot } from './web-root.js';

/** Vite names every asset after its content: a year in caches; the page itself is always fresh. */
function cacheHeaders(res: { setHeader(name: string, value: string): unknown }, path: string) {
  res.setHeader(
    'cache-control',
    /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/**
 * Serves the web app (web/, built into dist/web) at `/`, with the SPA's own paths (`/join/<CODE>`,
 * `/room/<CODE>`) answered by its index.html, and leaves every other route alone.
 *
 * It uses @nestjs/serve-static's loaders for Express and for Fastify, chosen by the adapter the
 * application runs on. Not ServeStaticModule itself: that one picks its loader when the module is
 * compiled, before Nest's testing module has an HTTP adapter, and then serves nothing in tests;
 * here the choice waits for onModuleInit, when the adapter is known in every case.
 */
@Module({ controllers: [WebConfigController] })
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger(WebModule.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
  ) {}

  onModuleInit(): void {
    const rootPath = webRoot();
    if (!rootPath) {
      this.logger.warn('The web app is not built (dist/web): run `npm run build` to serve it at /');
      return;
    }
    const adapter = this.adapterHost.httpAdapter;
    const loader: AbstractLoader =
      adapter.constructor.name === 'FastifyAdapter' ? new FastifyLoader() : new ExpressLoader();
    loader.register(adapter, this.appConfig, [
      {
        rootPath,
        exclude: NOT_APP_ROUTES,
        serveStaticOptions: { setHeaders: cacheHeaders, index: 'index.html' },
      },
    ]);
  }
}
