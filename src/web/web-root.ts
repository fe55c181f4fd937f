import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The paths the app's index.html answers besides its files: `/`, the join link `/join/<CODE>` and
 * the room `/room/<CODE>` (a code is six letters or digits). Every other path keeps the server's
 * own answer: the API, the login, the sandbox, Playground, the operations routes and, for unknown
 * paths, the JSON 404.
 */
export const APP_ROUTES = ['/', '/join/:code(^[A-Za-z0-9]{6}$)', '/room/:code(^[A-Za-z0-9]{6}$)'];

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
