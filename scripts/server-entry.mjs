// dist/server.mjs, what `npm start` runs (copied there by scripts/bundle.mjs): it runs the bundled
// server, dist/server.cjs, with V8's code cache. Compiling the 9 MB bundle is a good part of every
// start; V8 can instead take the bytecode it produced for an earlier run of the same file.
//
// The cache is written once a start without one (or with one V8 refused) is listening: it then
// holds the bytecode of every function the start ran. Not at exit: by then V8 has flushed the
// bytecode of functions unused for a while, and a cache written after minutes of serving held half
// as much (3.4 MB against 6.8) and made each later start ~0.4 s slower (1,488 against 1,095 ms to
// /health through npm start). It is checked against the bundle's size and modification time (a
// build or any edit writes the file anew; a hash of its 9 MB took ~20 ms of every start) and by V8
// itself (Node version, flags); a cache that does not fit is ignored and written again, and one
// that cannot be written (a read-only folder) only costs the time it would have saved.
import {
  closeSync,
  fstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const dir = import.meta.dirname;
const file = join(dir, 'server.cjs');
const cacheFile = join(dir, 'server.cjs.code-cache');

/** Compiles the bundle from the code cache when it has one for it; writes one once started if not. */
function compileWithCodeCache() {
  // The size and time of the very file read (one descriptor for both).
  const fd = openSync(file, 'r');
  const { size, mtimeMs } = fstatSync(fd);
  const source = readFileSync(fd);
  closeSync(fd);
  const key = Buffer.from(`${size}:${mtimeMs}\n`);
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, key.length).equals(key)) cachedData = cache.subarray(key.length);
  } catch {
    // none yet
  }
  // As Node's own wrapper for CommonJS. The bundle holds no dynamic import() (scripts/bundle.mjs
  // turns them into require()): a script compiled here has no module loader for it.
  const script = new Script(
    // All ASCII (scripts/bundle.mjs): Latin-1 gives the same text, as a one-byte string.
    `(function (exports, require, module, __filename, __dirname) {${source.toString('latin1')}\n})`,
    { filename: file, cachedData },
  );
  if (cachedData === undefined || script.cachedDataRejected) {
    // src/main.ts emits it once the server listens; written on the next turn, once per build.
    process.once('spotify-party:started', () =>
      setImmediate(() => {
        const partial = `${cacheFile}.${process.pid}`;
        try {
          writeFileSync(partial, Buffer.concat([key, script.createCachedData()]));
          renameSync(partial, cacheFile);
        } catch {
          rmSync(partial, { force: true });
        }
      }),
    );
  }
  return script.runInThisContext();
}

const require = createRequire(file);
if (process.sourceMapsEnabled) {
  // --enable-source-maps: Node maps stack traces of what it loads itself, not of a vm script.
  require(file);
} else {
  const module = { exports: {} };
  compileWithCodeCache().call(module.exports, module.exports, require, module, file, dir);
}
