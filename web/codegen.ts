import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the server's own schema, run from the repository root: `npm run codegen`
 * (also run by `npm run build`; `npm run check` fails when web/src/gql is out of date).
 */
const config: CodegenConfig = {
  schema: 'src/schema.gql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        useTypeImports: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
