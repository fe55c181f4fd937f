import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Paths the web app never answers: the API, the login, the sandbox, the operations routes and
 * the app's own configuration (GET /web/config).
 */
export const SERVER_ROUTES = /^\/(?:graphql|auth|sandbox|health|metrics|web\/config)(?:[/?]|$)/;

/**
 * The built web app (`dist/web`, made by `npm run build`) of the package this file belongs to:
 * the nearest folder up with a package.json. The same answer from the sources (tests), from
 * tsc's output (dist/src) and from the bundle (dist/server.cjs).
 */
export function webRoot(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const root = join(dir, 'dist', 'web');
      return existsSync(join(root, 'index.html')) ? root : null;
    }
    if (dirname(dir) === dir) return null;
  }
}
