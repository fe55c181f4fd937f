/** Jest runs in native ESM mode (see package.json "test"); SWC compiles TypeScript with decorators. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    // The web app's own logic (progress, wording of states and errors), plain TypeScript.
    { ...common, displayName: 'web', rootDir: '.', testMatch: ['<rootDir>/web/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
  testTimeout: 30000,
  // Two test files at a time, whatever the machine: Jest's default (cores - 1) is one worker on
  // CI's 2 cores, where most of a file's time is spent waiting (timers, sockets, the browser).
  // Files keep apart on their own: a database, data folder, port and Redis key prefix each.
  maxWorkers: 2,
};
