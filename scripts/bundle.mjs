// Bundles the compiled server (dist/src/main.js) and its pure-JavaScript dependencies into one
// CommonJS script, dist/server.cjs, which dist/server.mjs (scripts/server-entry.mjs) runs with
// V8's code cache: `npm start` runs that. Node 20 loads ES modules one file at a time through its
// asynchronous loader (open, stat, read, compile each of ~2,000 files): the bundle takes ~0.5 s
// off every start, and the code cache the bundle's compilation. The bundle is CommonJS because a
// script, unlike a module, can be compiled from a code cache on Node 20. tsc's output stays in
// dist/src for `nest start --watch` and tools.
//
// What stays outside the bundle, loaded from node_modules at run time as before:
// - native addons and packages that start workers from their own files by path;
// - optional packages that are not installed (Nest's microservices, Apollo federation, …): Node
//   fails on them only if they are used, as it would without the bundle; and Express's Nest
//   adapter, installed for the benchmark only, which the app (on Fastify) never loads.
// CommonJS dependencies that find files next to themselves (`__dirname`, `__filename`) get the
// real location of their file, relative to the bundle, so they read what they read unbundled.
// Packages that load others by name at run time (createRequire) get the bundled copy (PATCHES):
// @nestjs/typeorm loads `typeorm`, @nestjs/mapped-types `class-validator` and `class-transformer`.
// Loaded from node_modules instead, TypeORM and class-validator alone took ~350 ms of each start
// (~500 files compiled without a code cache).
//
// Without whitespace (12.7 → 8.8 MB): each start reads, copies and compiles less. Names stay, so
// stack traces name their functions; `node --enable-source-maps dist/server.mjs` maps them to
// the sources (dist/server.cjs.map).
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { packageFolder, packageOf } from './package-paths.mjs';

const entry = 'dist/src/main.js';
const outfile = 'dist/server.cjs';
const entryScript = 'dist/server.mjs';

const EXTERNAL = new Set([
  // native addons
  'sqlite3',
  'pg-native',
  // start worker threads from their own files
  'pino',
  'pino-pretty',
  'thread-stream',
]);

/**
 * Named lazily by Nest and @nestjs/apollo, never loaded by the app, which runs on Fastify: Express's
 * Nest adapter and Apollo integration (devDependencies, for bench/minimal-nest-server.mjs).
 */
const NEVER_LOADED = new Set(['@nestjs/platform-express', '@as-integrations/express5']);

/** The folder of `name` as Node finds it from `dir`: the nearest node_modules that has it. */
function packageDir(name, dir) {
  for (; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The installed folders of the external packages and of everything they depend on. Those are
 * loaded from node_modules anyway, so the bundle imports them from there too, where it would get
 * the same folder, rather than carry a second copy (reflect-metadata, debug, tslib, …).
 */
function loadedFromNodeModules(names) {
  const folders = new Set();
  const visit = (name, from) => {
    const folder = packageDir(name, from);
    if (!folder || folders.has(folder)) return;
    folders.add(folder);
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    for (const dependency of Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
    })) {
      visit(dependency, folder);
    }
  };
  for (const name of names) visit(name, process.cwd());
  return folders;
}
const outside = loadedFromNodeModules(EXTERNAL);

const packageTypes = new Map();
/** Whether a file is an ES module, by its extension or its package's `type`, as Node decides. */
function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (!packageTypes.has(dir)) {
      const manifest = join(dir, 'package.json');
      packageTypes.set(
        dir,
        existsSync(manifest)
          ? (JSON.parse(readFileSync(manifest, 'utf8')).type ?? 'commonjs')
          : null,
      );
    }
    const type = packageTypes.get(dir);
    if (type) return type === 'module';
    if (dirname(dir) === dir) return false;
  }
}

/** After the directive prologue ("use strict"), so that a module keeps its strictness. */
const PROLOGUE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|(["'])use strict\1;?)*/;

/**
 * Memory for a pure function of one string (a request header, an operation's text): Map lookups
 * instead of the work. Keys longer than `maxKeyLength` are computed each time and not kept; past
 * 500 keys the memory starts over. Declared once in the bundle's banner, for the edits below.
 */
const MEMO_BY_STRING = `function __memoByString(compute, maxKeyLength) {
  const known = new Map();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (key === undefined || key.length <= maxKeyLength) {
        if (known.size >= 500) known.clear();
        known.set(key, value);
      }
    }
    return value;
  };
}`;

/** Apollo's choice of the legacy incremental format, made from the Accept header per request. */
const LEGACY_INCREMENTAL = `new Negotiator({
                    headers: { accept: request.http?.headers.get('accept') },
                }).mediaType([
                    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_9,
                    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
                ]) === MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2`;

/** `to`, padded with line breaks to as many lines as `from`: the package's source map still fits. */
function sameLines(from, to) {
  const missing = from.split('\n').length - to.split('\n').length;
  return to + '\n'.repeat(Math.max(0, missing));
}

/** A file of a package under node_modules, by its path there. */
const inPackage = (path) =>
  new RegExp(`[\\\\/]node_modules[\\\\/]${path.replace(/[.]/g, '\\.').replace(/\//g, '[\\\\/]')}$`);

/**
 * Exact edits to bundled packages, each for work they repeat per request. The build fails when a
 * text is no longer found (an upgrade changed it): each edit is then checked again, not dropped.
 */
const PATCHES = [
  {
    // Both load their optional peers with a require() of their own (createRequire), which Node
    // would answer from node_modules: a second TypeORM, class-validator and class-transformer
    // beside the bundled ones, with metadata split between the copies (class-transformer keeps
    // it per copy). esbuild's require instead gives them the bundled copy.
    name: "@nestjs/typeorm's TypeORM",
    file: inPackage('@nestjs/typeorm/dist/common/typeorm-compat.js'),
    replace: [['const require = createRequire(import.meta.url);', '']],
  },
  {
    name: "@nestjs/mapped-types' class-validator and class-transformer",
    file: inPackage('@nestjs/mapped-types/dist/type-helpers.utils.js'),
    replace: [['const require = createRequire(import.meta.url);', '']],
  },
  {
    // graphql-js checks every failed instanceof for a second copy of graphql (another realm)
    // unless NODE_ENV is production: a few string reads per type check, per field resolved. The
    // bundle holds exactly one graphql (test/bundle.e2e-spec.ts), so the check cannot fire here.
    name: "graphql's instanceOf",
    file: /[\\/]node_modules[\\/]graphql[\\/]jsutils[\\/]instanceOf\.m?js$/,
    replace: [["process.env.NODE_ENV === 'production'", 'true']],
  },
  {
    // Apollo hashes every operation (its document cache key) with Node's crypto only when
    // `module.require` exists, which esbuild's module object lacks: in the bundle each request
    // loaded sha.js through require() (a module lookup per request) and hashed in JavaScript.
    // Node's crypto is required once instead.
    name: '@apollo/utils.createhash',
    file: inPackage('@apollo/utils.createhash/dist/index.js'),
    replace: [
      ['utils_isnodelike_1.isNodeLike && module.require', 'true'],
      ['module.require("crypto")', 'nodeCrypto'],
      ['"use strict";', '"use strict";const nodeCrypto = require("node:crypto");'],
    ],
  },
  {
    // Per request, Apollo hashed the operation's text (its document cache key: a SHA-256 object,
    // the digest, its hex) and built a Negotiator over the Accept header to decide the legacy
    // incremental format. Clients send the same few operations and headers again and again.
    name: "@apollo/server's request pipeline",
    file: inPackage('@apollo/server/dist/esm/requestPipeline.js'),
    replace: [
      [
        'function computeQueryHash(query) {',
        'const computeQueryHash = __memoByString(computeQueryHashUncached, 8192); ' +
          'function computeQueryHashUncached(query) {',
      ],
      [
        LEGACY_INCREMENTAL,
        sameLines(LEGACY_INCREMENTAL, "__legacyIncremental(request.http?.headers.get('accept'))"),
      ],
    ],
    append: `
const __legacyIncremental = __memoByString((accept) =>
  new Negotiator({ headers: { accept } }).mediaType([
    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_9,
    MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2,
  ]) === MEDIA_TYPES.MULTIPART_MIXED_EXPERIMENTAL_ALPHA_2, 1024);
`,
  },
  {
    // The response's content type, negotiated from the Accept header on every request.
    name: "@apollo/server's content negotiation",
    file: inPackage('@apollo/server/dist/esm/ApolloServer.js'),
    replace: [
      [
        "export function chooseContentTypeForSingleResultResponse(head) {\n    const acceptHeader = head.headers.get('accept');",
        "export function chooseContentTypeForSingleResultResponse(head) { return __contentTypeFor(head.headers.get('accept')); } " +
          'function chooseContentTypeUncached(acceptHeader) {',
      ],
      ["headers: { accept: head.headers.get('accept') },", 'headers: { accept: acceptHeader },'],
    ],
    append: '\nconst __contentTypeFor = __memoByString(chooseContentTypeUncached, 1024);\n',
  },
  {
    // The CSRF check parsed the Content-Type header on every request (only its essence is read).
    name: "@apollo/server's CSRF check",
    file: inPackage('@apollo/server/dist/esm/preventCsrf.js'),
    replace: [
      [
        'const contentTypeParsed = MIMEType.parse(contentType);',
        'const contentTypeParsed = __essenceOf(contentType);',
      ],
    ],
    append: `
const __essenceOf = __memoByString((contentType) => {
  const parsed = MIMEType.parse(contentType);
  return parsed === null ? null : { essence: parsed.essence };
}, 1024);
`,
  },
  {
    // Each request's query string, for Apollo's GET requests: a URL parse, and Fastify's protocol
    // and hostname (each asking the trusted-proxy rules), even for a POST to /graphql. Without a
    // "?" the answer is always "".
    name: "@as-integrations/fastify's request",
    file: inPackage('@as-integrations/fastify/build/esm/fastify-request-to-graphql-request.js'),
    replace: [['search: new URL(', 'search: !request.url.includes("?") ? "" : new URL(']],
  },
];

const dependencies = {
  name: 'dependencies',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const name = packageOf(args.path);
      if (EXTERNAL.has(name) || NEVER_LOADED.has(name)) return { path: args.path, external: true };
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      // Not installed (an optional peer): left to Node, which fails only if it is ever loaded.
      if (resolved.errors.length > 0) return { path: args.path, external: true };
      // A dependency of an external package, and the same installed copy Node would give the
      // bundle (not a nested other version): imported from node_modules.
      const folder = packageDir(packageOf(args.path), process.cwd());
      if (folder && outside.has(folder) && resolved.path.startsWith(folder + '/')) {
        return { path: args.path, external: true };
      }
      return resolved;
    });
    for (const patch of PATCHES) {
      builder.onLoad({ filter: patch.file }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of patch.replace) {
          if (!source.includes(from)) {
            throw new Error(`${patch.name} changed: update ${import.meta.filename}`);
          }
          source = source.replace(from, to);
        }
        return {
          contents: source + (patch.append ?? ''),
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    }
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (isEsm(args.path) || !/\b__(?:dirname|filename)\b/.test(source)) return undefined;
      const file = JSON.stringify(relative(dirname(outfile), args.path));
      const prologue = PROLOGUE.exec(source)[0];
      return {
        contents:
          prologue +
          `var __filename = __bundleRelative(${file}), __dirname = __bundleDirname(__filename);\n` +
          source.slice(prologue.length),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

const started = Date.now();
const { metafile, outputFiles } = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // As require(): the entry compiles the bundle as a script, which has no module loader for import().
  // What stays outside is CommonJS, or an ES module that Node 20 can require.
  supported: { 'dynamic-import': false },
  // The ES modules' import.meta, for the CommonJS script the bundle is.
  define: {
    'import.meta.url': '__importMetaUrl',
    'import.meta.dirname': '__dirname',
    'import.meta.resolve': '__importMetaResolve',
  },
  // TypeORM names tables after entity classes, Nest names providers after theirs.
  keepNames: true,
  // See the top of this file.
  minifyWhitespace: true,
  write: false,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [dependencies],
  banner: {
    js: [
      // Strict throughout, as the ES modules it is built from and as the bundle ran as one.
      "'use strict';",
      "const { pathToFileURL: __pathToFileURL } = require('node:url');",
      "const { dirname: __bundleDirname, join: __join } = require('node:path');",
      'const __importMetaUrl = __pathToFileURL(__filename).href;',
      'const __importMetaResolve = (specifier) => __pathToFileURL(require.resolve(specifier)).href;',
      'const __bundleRelative = (file) => __join(__dirname, file);',
      MEMO_BY_STRING,
    ].join('\n'),
  },
});
// keepNames wraps every named function in `__name(fn, "name")`, closures included. Inside that
// call V8 no longer infers the closure's own name, so the helper redefines `name` on every closure
// made at run time (per request, per subscriber), each then carrying its own property dictionary
// (~250 bytes; ~4 KB per subscriber) and costing the time to build it. Classes and functions the
// bundle renamed still get their name (what TypeORM, Nest and the GraphQL schema read); anonymous
// arrow functions and function expressions keep the empty name they have (stack traces are
// unaffected: they use the source's name, not the property).
const NAME_HELPER =
  /var __name ?= ?\(target, ?value\) ?=> ?__defProp\(target, ?"name", ?\{ ?value, ?configurable: ?true ?\}\);/;
const NAME_ONLY_WHERE_READ =
  'var __name = (target, value) => target.name === value || (target.name === "" && ' +
  '(target.prototype === undefined || Object.getOwnPropertyDescriptor(target, "prototype").writable)) ' +
  '? target : __defProp(target, "name", { value, configurable: true });';
// Each ES module that imports a CommonJS one calls __toESM, which copies every export into a new
// object of getters: 277 calls and ~35,000 properties per start for 66 modules (TypeORM's ~600
// exports once per file that imports it), ~40 ms. The object only reads through to the module,
// so importers of one module can share it. It is made again when the module has gained exports
// since (a module still loading when a cycle of requires reached it).
const TO_ESM_HELPER =
  'var __toESM=(mod,isNodeMode,target)=>(target=mod!=null?__create(__getProtoOf(mod)):{},' +
  '__copyProps(isNodeMode||!mod||!mod.__esModule?__defProp(target,"default",{value:mod,enumerable:true}):target,mod))';
const TO_ESM_SHARED =
  TO_ESM_HELPER.replace('var __toESM=', 'var __toESMFresh=') +
  ';var __toESMKept=new WeakMap();var __toESM=(mod,isNodeMode)=>{' +
  'if(mod==null||typeof mod!=="object"&&typeof mod!=="function")return __toESMFresh(mod,isNodeMode);' +
  'let kept=__toESMKept.get(mod);if(kept===undefined)__toESMKept.set(mod,kept=[null,null]);' +
  'const slot=isNodeMode?1:0,keys=__getOwnPropNames(mod).length;' +
  'if(kept[slot]===null||kept[slot].keys!==keys)kept[slot]={keys,value:__toESMFresh(mod,isNodeMode)};' +
  'return kept[slot].value}';
for (const file of outputFiles) {
  let text = file.text;
  if (file.path.endsWith('.cjs')) {
    if (!NAME_HELPER.test(text)) {
      throw new Error(`esbuild's __name helper changed: update ${import.meta.filename}`);
    }
    text = text.replace(NAME_HELPER, NAME_ONLY_WHERE_READ);
    if (!text.includes(TO_ESM_HELPER)) {
      throw new Error(`esbuild's __toESM helper changed: update ${import.meta.filename}`);
    }
    text = text.replace(TO_ESM_HELPER, TO_ESM_SHARED);
    // esbuild writes strings, regular expressions and names in ASCII, but copies some comments as
    // they are. Escaped too (\uXXXX means the same character wherever it may stand), the bundle is
    // all ASCII: the entry reads it as Latin-1, a one-byte string half the size of the UTF-16
    // string that decoding UTF-8 made, and several times faster to make, on every start.
    text = text.replace(
      /[\u0080-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  writeFileSync(file.path, text);
}

// The installed package folders inside the bundle: none of them may also be loaded from
// node_modules at run time (test/bundle.e2e-spec.ts checks the running server against this list).
const bundled = new Set(
  Object.keys(metafile.inputs)
    .filter((input) => input.includes('node_modules/'))
    .map((input) => resolve(packageFolder(input))),
);
writeFileSync('dist/server.packages.json', JSON.stringify([...bundled].sort(), null, 2) + '\n');
copyFileSync('scripts/server-entry.mjs', entryScript);
// The code cache of the bundle built before (the entry would ignore it: another hash).
rmSync(`${outfile}.code-cache`, { force: true });
writeFileSync('dist/.build-stamp', String(Date.now()));
console.log(`Bundled ${outfile} in ${Date.now() - started} ms`);
