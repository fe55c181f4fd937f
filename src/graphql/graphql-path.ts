/** Where GraphQL is served: queries and mutations over HTTP, subscriptions over WebSocket. */
export const GRAPHQL_PATH = '/graphql';
