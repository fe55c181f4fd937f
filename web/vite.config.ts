import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app, built into dist/web, which the server serves at `/` (src/web). Everything is
 * bundled: no CDN, no web font, so a party works on a local network without the internet.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    // `npx vite web` during development: the API of `npm run start:dev` on the same origin.
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:3000', ws: true },
      '/auth': 'http://127.0.0.1:3000',
      '/sandbox': 'http://127.0.0.1:3000',
    },
  },
});
