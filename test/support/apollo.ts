// docs/client-guide.md shows this file: keep the two in sync.
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
} from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getOperationAST, OperationTypeNode } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { Observable, type Subscription } from 'rxjs';

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
    // The server authenticates the socket from this payload when it connects, and closes it (4403)
    // when that token expires: a retry then sends the current one.
    connectionParams: authorization,
    // A restart or deploy closes sockets (1001) or refuses connections for a moment: keep trying,
    // backing off up to 10 s, and resubscribe to every active subscription once connected.
    retryAttempts: 30,
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 10_000))),
  });
  const ws = new GraphQLWsLink(socket);

  // A subscription that declares `$afterSeq: Int` is restarted with afterSeq = the last `seq` it
  // delivered (graphql-ws alone would resend its first variables), and the server sends the
  // updates missed meanwhile, then the live ones: after a reconnection, after an error the
  // server calls retryable (`extensions.retryable`: the database or Redis was down), and after
  // the server ended it unasked (a restart); those two after a pause, 0.5 s doubling up to 10 s.
  const resuming = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        let afterSeq: unknown = operation.variables.afterSeq;
        let current: Subscription | undefined;
        let pause: ReturnType<typeof setTimeout> | undefined;
        let pauses = 0;
        const start = () => {
          clearTimeout(pause);
          current?.unsubscribe();
          // A refusal for good (FORBIDDEN, NOT_FOUND...) comes as a result with errors, then the end.
          let refused = false;
          const request = {
            query: operation.query,
            variables: { ...operation.variables, afterSeq },
            extensions: operation.extensions,
            context: operation.getContext(),
          };
          current = ApolloLink.execute(ws, request, { client: operation.client }).subscribe({
            next: (result) => {
              const [field] = Object.values(result.data ?? {}) as Array<{ seq?: unknown } | null>;
              if (typeof field?.seq === 'number') {
                afterSeq = field.seq;
                pauses = 0;
              }
              if (result.errors?.length) refused = true;
              observer.next(result);
            },
            error: (error: unknown) => (retryable(error) ? again() : observer.error(error)),
            complete: () => (refused ? observer.complete() : again()),
          });
        };
        const again = () => {
          pause = setTimeout(start, Math.min(500 * 2 ** pauses++, 10_000));
        };
        const stopListening = socket.on('connected', (_socket, _payload, wasRetry) => {
          if (wasRetry) start();
        });
        start();
        return () => {
          stopListening();
          clearTimeout(pause);
          current?.unsubscribe();
        };
      }),
  );
  const retryable = (error: unknown) =>
    CombinedGraphQLErrors.is(error) &&
    error.errors.some((graphqlError) => graphqlError.extensions?.retryable === true);
  const resumable = ({ query }: ApolloLink.Operation) =>
    getOperationAST(query)?.variableDefinitions?.some(
      (definition) => definition.variable.name.value === 'afterSeq',
    ) ?? false;

  const http = new SetContextLink(({ headers }) => ({
    headers: { ...(headers as Record<string, string>), ...authorization() },
  })).concat(new HttpLink({ uri: url }));

  const link = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    ApolloLink.split(resumable, resuming, ws),
    http,
  );

  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), socket };
}
