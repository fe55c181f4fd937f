// docs/client-guide.md shows this file: keep the two in sync.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { type Client, createClient } from 'graphql-ws';

export interface PartyClientOptions {
  /** The API, e.g. `http://127.0.0.1:3000/graphql`; subscriptions use the same URL over ws(s). */
  url: string;
  /** Read for every request and every (re)connection, so a login or guest join applies at once. */
  getToken: () => string | null | undefined;
  /** Node.js only: `WebSocket` from the `ws` package. Browsers and React Native have their own. */
  webSocketImpl?: unknown;
}

export function createPartyClient({ url, getToken, webSocketImpl }: PartyClientOptions): {
  client: ApolloClient;
  socket: Client;
} {
  const authorization = (): Record<string, string> => {
    const token = getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };

  const socket = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl,
    // The server authenticates the socket once, from this payload, when it connects.
    connectionParams: authorization,
    // A restart or deploy closes sockets (1001) or refuses connections for a moment: keep trying,
    // backing off up to 10 s, and resubscribe to every active subscription once connected.
    retryAttempts: 30,
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 10_000))),
  });

  const http = new SetContextLink(({ headers }) => ({
    headers: { ...(headers as Record<string, string>), ...authorization() },
  })).concat(new HttpLink({ uri: url }));

  const link = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(socket),
    http,
  );

  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), socket };
}
