// Builds dist/ when it is missing or older than the sources, so `npm start` works right after
// `npm install` and stays fast when nothing changed.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const stamp = 'dist/.build-stamp';

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), 0);
}

const sources = [
  'src',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'scripts/bundle.mjs',
  'scripts/server-entry.mjs',
  // The web app the server serves at / (built into dist/web).
  'web',
];
const stale =
  !existsSync(stamp) ||
  !existsSync('dist/server.mjs') ||
  !existsSync('dist/server.cjs') ||
  !existsSync('dist/web/index.html') ||
  Math.max(...sources.filter((s) => existsSync(s)).map(newestMtime)) > statSync(stamp).mtimeMs;

if (stale) {
  console.log('Building spotify-party (dist/ is missing or out of date)…');
  // `npm run build`: tsc, then (postbuild) the bundle npm start runs, and the stamp.
  execSync('npm run --silent build', { stdio: 'inherit' });
}
