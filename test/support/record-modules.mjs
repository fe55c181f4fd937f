// Preloaded with `node --import` (test/bundle.e2e-spec.ts): appends to $RECORD_MODULES the
// installed package folder of every module the process loads from node_modules, ES modules and
// CommonJS alike.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { packageFolder } from '../../scripts/package-paths.mjs';

const file = process.env.RECORD_MODULES;
if (!file) throw new Error('RECORD_MODULES names the file to record into');

const seen = new Set();
function record(path) {
  if (!path.includes('node_modules/')) return;
  const name = packageFolder(path.replace(/^file:\/\//, ''));
  if (seen.has(name)) return;
  seen.add(name);
  appendFileSync(file, `${name}\n`);
}

// ES modules: a resolve hook runs on the loader's thread and reports each URL back.
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => record(String(url)));
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
    let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      port.postMessage(result.url);
      return result;
    }`)}`,
  { data: { port: port2 }, transferList: [port2] },
);

// CommonJS: every require() goes through Module._load.
const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exports = load.call(this, request, parent, isMain);
  try {
    record(Module._resolveFilename(request, parent, isMain));
  } catch {
    // built-ins and the like
  }
  return exports;
};
