import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getOperationAST, OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { Observable, type Subscription } from 'rxjs';
import { getSession } from '../lib/session';
import { notifyReconnected, setConnection } from './connection';

/** A socket that answers no ping within this long is dead (a phone asleep, Wi-Fi gone). */
const PONG_TIMEOUT_MS = 4_000;

const authorization = (): Record<string, string> => {
  const token = getSession()?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
};

/**
 * The API on this page's own origin: queries and mutations over HTTP, subscriptions over
 * graphql-ws, as in docs/client-guide.md. A `voteUpdated` that declares `$afterSeq` is resumed
 * after a reconnection from the last `seq` it delivered, so nothing is missed.
 */
export function createPartyClient(): ApolloClient {
  const url = new URL('/graphql', location.href);
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const socket = createClient({
    url: url.href.replace(/^http/, 'ws'),
    connectionParams: authorization,
    keepAlive: 5_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5_000))),
    on: {
      ping: (received) => {
        if (received) return;
        pongTimer = setTimeout(() => socket.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) notifyReconnected();
        else setConnection({ online: true });
      },
      closed: () => {
        clearTimeout(pongTimer);
        setConnection({ online: false, back: false, caughtUp: null });
      },
    },
  });
  // The browser knows first: no need to wait for a ping to fail.
  window.addEventListener('offline', () => {
    setConnection({ online: false, back: false, caughtUp: null });
    socket.terminate();
  });
  const ws = new GraphQLWsLink(socket);

  const resuming = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        let afterSeq: unknown = operation.variables.afterSeq;
        let current: Subscription | undefined;
        let missed: number | null = null;
        let settle: ReturnType<typeof setTimeout> | undefined;
        const start = () => {
          const request = {
            query: operation.query,
            variables: { ...operation.variables, afterSeq },
            extensions: operation.extensions,
            context: operation.getContext(),
          };
          current = ApolloLink.execute(ws, request, { client: operation.client }).subscribe({
            next: (result) => {
              const [field] = Object.values(result.data ?? {}) as Array<{ seq?: unknown } | null>;
              if (typeof field?.seq === 'number') afterSeq = field.seq;
              if (missed !== null) missed += 1;
              observer.next(result);
            },
            error: (error: unknown) => observer.error(error),
            complete: () => observer.complete(),
          });
        };
        const stopListening = socket.on('connected', (_socket, _payload, wasRetry) => {
          if (!wasRetry) return;
          current?.unsubscribe();
          // What arrives in the first moments after resuming from a known seq is what was missed;
          // without one (nothing arrived since the page loaded) it cannot be told.
          if (typeof afterSeq !== 'number') return void start();
          missed = 0;
          clearTimeout(settle);
          settle = setTimeout(() => {
            setConnection({ caughtUp: missed });
            missed = null;
          }, 1_000);
          start();
        });
        start();
        return () => {
          clearTimeout(settle);
          stopListening();
          current?.unsubscribe();
        };
      }),
  );
  const resumable = ({ query }: ApolloLink.Operation) =>
    getOperationAST(query)?.variableDefinitions?.some(
      (definition) => definition.variable.name.value === 'afterSeq',
    ) ?? false;

  const http = new SetContextLink(({ headers }) => ({
    headers: { ...(headers as Record<string, string>), ...authorization() },
  })).concat(new HttpLink({ uri: url.pathname }));

  return new ApolloClient({
    link: ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      ApolloLink.split(resumable, resuming, ws),
      http,
    ),
    cache: new InMemoryCache({
      typePolicies: {
        // Lists are replaced by what the server says, never merged item by item.
        Room: {
          fields: {
            participants: { merge: false },
            tracks: { merge: false },
            queue: { merge: false },
            history: { merge: false },
            playback: { merge: true },
          },
        },
        Participant: { keyFields: false },
        Playback: { keyFields: false },
      },
    }),
  });
}
