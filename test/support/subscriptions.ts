import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A real graphql-ws client that collects the events of one subscription. */
export interface Collected<T> {
  events: T[];
  errors: unknown[];
  /** Resolves when the server ends the subscription: `complete`, or `error` with what it sent. */
  ended: Promise<'complete' | 'error'>;
  /** Resolves once `count` events arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): Promise<void>;
}

export function wsClient(wsUrl: string, token: string | null): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export function subscribe<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): Collected<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  let end!: (how: 'complete' | 'error') => void;
  const ended = new Promise<'complete' | 'error'>((resolve) => (end = resolve));
  const unsubscribe = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(Object.values(value.data)[0]);
        notify();
      },
      error: (error: unknown) => {
        // A refused socket reports a CloseEvent, which does not serialise: keep code and reason.
        const close = error as { code?: number; reason?: string };
        errors.push(
          typeof close.code === 'number' ? { code: close.code, reason: close.reason } : error,
        );
        end('error');
        notify();
      },
      complete: () => {
        end('complete');
        notify();
      },
    },
  );
  return {
    events,
    errors,
    ended,
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () =>
            reject(
              new Error(`Got ${events.length}/${count} events (errors: ${JSON.stringify(errors)})`),
            ),
          timeoutMs,
        );
        const check = () => {
          if (events.length >= count) {
            clearTimeout(deadline);
            resolve(events);
          } else if (errors.length > 0) {
            clearTimeout(deadline);
            reject(new Error(`Subscription failed: ${JSON.stringify(errors)}`));
          } else waiters.push(check);
        };
        check();
      }),
    dispose: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** Waits until the server has registered the subscription (graphql-ws has no ack for it). */
export const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));
