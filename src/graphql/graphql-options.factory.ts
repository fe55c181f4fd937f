import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import type { GqlOptionsFactory } from '@nestjs/graphql';
import { AppConfig } from '../config/app-config.js';
import { formatGraphqlError } from './format-error.js';
import { createArmor, PARSE_OPTIONS } from './guard-rails.js';
import { playgroundLandingPage } from './playground.plugin.js';
import { GRAPHQL_PATH } from './graphql-path.js';

/** GraphQL at /graphql: code-first schema, guard rails, self-hosted Playground. */
@Injectable()
export class GraphqlOptionsFactory implements GqlOptionsFactory<ApolloDriverConfig> {
  constructor(private readonly config: AppConfig) {}

  createGqlOptions(): ApolloDriverConfig {
    const armor = createArmor(this.config.production);
    return {
      path: GRAPHQL_PATH,
      // Built in memory: the server never writes into its source tree (`npm run schema` does).
      autoSchemaFile: true,
      sortSchema: true,
      graphiql: false,
      introspection: true,
      // graphql-armor is typed against Apollo's CommonJS build; at run time it is the same server.
      plugins: [
        // No field sets cache hints: without this, Apollo wraps every resolver to collect them.
        ApolloServerPluginCacheControlDisabled(),
        ...(armor.plugins as unknown as NonNullable<ApolloDriverConfig['plugins']>),
        ...(this.config.playground ? [playgroundLandingPage(GRAPHQL_PATH)] : []),
      ],
      validationRules: armor.validationRules,
      parseOptions: PARSE_OPTIONS,
      allowBatchedHttpRequests: false,
      // Stop Apollo only after the HTTP server has drained, so in-flight requests still complete.
      stopOnApplicationShutdown: true,
      includeStacktraceInErrorResponses: false,
      // Every error, HTTP exceptions included, is shaped by formatGraphqlError alone.
      autoTransformHttpErrors: false,
      formatError: formatGraphqlError,
      // The one status an execution error sets is SERVICE_UNAVAILABLE's 503 (the contract's):
      // Nest's plugin would reset it to 200, and costs a hook per request.
      preserveHttpStatusForExecutionErrors: false,
      // No context function: the driver's own gives each operation `{ req }`, Fastify's request,
      // which carries the caller (AuthRequest) once the guard has run.
    };
  }
}
