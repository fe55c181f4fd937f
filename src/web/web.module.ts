import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { SERVER_ROUTES, webRoot } from './web-root.js';

/** Vite names every asset after its content: a year in caches; the page itself is always fresh. */
function cacheHeaders(res: { setHeader(name: string, value: string): unknown }, path: string) {
  res.setHeader(
    'cache-control',
    /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/**
 * Serves the web app (web/, built into dist/web) at `/`, with the SPA's own paths (`/join/<CODE>`,
 * `/room/<CODE>`) answered by its index.html. Through @nestjs/serve-static, which works on the
 * Express and the Fastify adapter alike; the server's own routes are left alone.
 */
@Module({})
export class WebModule {
  static forRoot(): DynamicModule {
    const rootPath = webRoot();
    if (!rootPath) {
      new Logger(WebModule.name).warn('The web app is not built (dist/web): run `npm run build`');
      return { module: WebModule };
    }
    return {
      module: WebModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: SERVER_ROUTES,
          serveStaticOptions: { setHeaders: cacheHeaders, index: 'index.html' },
        }),
      ],
    };
  }
}
