// How a module path names its package, for scripts/bundle.mjs and the module recorder of
// test/bundle.e2e-spec.ts, which compares what the two find.

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** `/x/node_modules/@scope/name/lib/a.js` → `/x/node_modules/@scope/name` (the last one). */
export function packageFolder(path) {
  const at = path.lastIndexOf('node_modules/') + 'node_modules/'.length;
  return path.slice(0, at) + packageOf(path.slice(at));
}
