// Summarises a V8 .cpuprofile (node --cpu-prof): where the self time went, by function and by
// module (npm package, Node internals, the app's own src/ folders, GC).
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 20] [--from <µs>] [--to <µs>]
// --from/--to keep only samples in that window, in the profile's clock (the system's monotonic
// clock in microseconds on Linux, the same as process.hrtime()).
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** Source maps of bundles (dist/server.cjs and its .map), by the profile's script URL. */
const sourceMaps = new Map();
function sourceMapOf(url) {
  if (!sourceMaps.has(url)) {
    let map = null;
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (/\.[cm]?js$/.test(file) && !file.includes('/node_modules/') && existsSync(`${file}.map`)) {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    }
    sourceMaps.set(url, map);
  }
  return sourceMaps.get(url);
}

/**
 * The frame as its source: in a bundle with a source map, the original file and line (a bundled
 * package's file under node_modules, or the app's TypeScript source), so that time spent in the
 * bundle is told apart by package as it is without one.
 */
function originalOf(callFrame) {
  const map = callFrame.url ? sourceMapOf(callFrame.url) : null;
  const entry = map?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
  if (!entry?.originalSource) return callFrame;
  return { ...callFrame, url: entry.originalSource, lineNumber: entry.originalLine };
}

/** What a function belongs to: an npm package, a Node internal, the app's src/ folder, or V8. */
export function moduleOf(frame) {
  const callFrame = originalOf(frame);
  const { url, functionName } = callFrame;
  if (SPECIAL.has(functionName)) return functionName;
  if (!url) return '(native / V8)';
  const packages = url.split('/node_modules/');
  if (packages.length > 1) {
    const rest = packages.at(-1).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const app = /\/(?:dist\/)?src\/([^/]+)/.exec(url);
  if (app) return `app: src/${app[1].replace(/\.[jt]s$/, '')}`;
  return url.replace(/^file:\/\//, '');
}

function shortLocation(frame) {
  const { url, lineNumber } = originalOf(frame);
  if (!url) return '';
  const tail = url
    .split('/node_modules/')
    .at(-1)
    .replace(/^file:\/\/.*\/dist\//, 'dist/');
  return `${tail}:${lineNumber + 1}`;
}

/** Self time per function and per module, in ms, over the samples in [fromUs, toUs]. */
export function summarise(profile, { top = 20, fromUs = -Infinity, toUs = Infinity } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map();
  const modules = new Map();
  let total = 0;
  let idle = 0;
  let t = profile.startTime;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    // A sample stands for the time until the next one.
    const weight = (i + 1 < samples.length ? timeDeltas[i + 1] : timeDeltas[i]) / 1000;
    const node = byId.get(samples[i]);
    const frame = node.callFrame;
    total += weight;
    if (frame.functionName === '(idle)') {
      idle += weight;
      continue;
    }
    const module = moduleOf(frame);
    const key = `${frame.functionName || '(anonymous)'}\u0000${shortLocation(frame)}`;
    const entry = functions.get(key) ?? {
      name: frame.functionName || '(anonymous)',
      location: shortLocation(frame),
      module,
      ms: 0,
    };
    entry.ms += weight;
    functions.set(key, entry);
    modules.set(module, (modules.get(module) ?? 0) + weight);
  }
  const busy = total - idle;
  const share = (value) => (busy > 0 ? (100 * value) / busy : 0);
  return {
    windowMs: total,
    busyMs: busy,
    idleMs: idle,
    functions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, percent: share(f.ms) })),
    modules: [...modules.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([module, value]) => ({ module, ms: value, percent: share(value) })),
  };
}

export function formatSummary(summary) {
  const lines = [
    `window ${summary.windowMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms ` +
      `(${((100 * summary.busyMs) / Math.max(1, summary.windowMs)).toFixed(0)}%); shares are of busy time`,
    '',
    'self time by module:',
    ...summary.modules.map(
      (m) =>
        `  ${m.percent.toFixed(1).padStart(5)}%  ${m.ms.toFixed(0).padStart(6)} ms  ${m.module}`,
    ),
    '',
    'self time by function:',
    ...summary.functions.map(
      (f) =>
        `  ${f.percent.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}  [${f.module}] ${f.location}`,
    ),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    console.error(
      'usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N] [--from µs] [--to µs]',
    );
    process.exit(2);
  }
  const option = (name, fallback) => {
    const at = rest.indexOf(`--${name}`);
    return at >= 0 ? Number(rest[at + 1]) : fallback;
  };
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const summary = summarise(profile, {
    top: option('top', 20),
    fromUs: option('from', -Infinity),
    toUs: option('to', Infinity),
  });
  console.log(formatSummary(summary));
}
