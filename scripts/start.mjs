// `npm start`: builds dist/ first when it is missing or out of date (ensure-build), then runs the
// bundled server in this same process: one Node start instead of two.
import './ensure-build.mjs';

await import('../dist/server.mjs');
