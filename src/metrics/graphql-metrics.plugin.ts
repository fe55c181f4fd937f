import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { MetricsService } from './metrics.service.js';

/**
 * Counts and times each GraphQL operation over HTTP by type and name. Found by the Apollo driver
 * through @Plugin(); with metrics off it adds no listener to any request.
 */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: MetricsService) {}

  requestDidStart(): Promise<GraphQLRequestListener<object> | void> {
    if (!this.metrics.enabled) return Promise.resolve();
    const started = process.hrtime.bigint();
    const metrics = this.metrics;
    return Promise.resolve({
      willSendResponse({ operation, operationName, request, errors }) {
        metrics.graphqlOperation(
          operation?.operation ?? 'unknown',
          operationName ?? request.operationName,
          (errors?.length ?? 0) > 0,
          started,
        );
        return Promise.resolve();
      },
    });
  }
}
