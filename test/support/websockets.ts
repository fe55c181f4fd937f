import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

/** Thrown when the server closes a graphql-ws connection before acknowledging it. */
export class SocketClosedError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`WebSocket closed with ${code} ${reason}`);
  }
}

/**
 * A real graphql-ws (graphql-transport-ws) client, as modern Apollo clients use, resolved once the
 * server acknowledged the connection. Rejects with SocketClosedError when the server refuses it.
 */
export async function connectGraphqlWs(wsUrl: string, token?: string): Promise<Client> {
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const connected = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    onNonLazyError: () => undefined,
    on: {
      connected: () => settle.resolve(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        settle.reject(new SocketClosedError(code, reason));
      },
    },
  });
  try {
    await connected;
  } catch (error) {
    await client.dispose();
    throw error;
  }
  return client;
}

/** Runs one operation over a graphql-ws client and collects every result until completion. */
export async function collect<T = Record<string, any>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Array<{ data?: T | null; errors?: Array<{ message: string; extensions?: any }> }>> {
  const results = [];
  for await (const result of client.iterate({ query, variables })) results.push(result);
  return results as Array<{ data?: T | null; errors?: Array<{ message: string }> }>;
}

export interface LegacyMessage {
  type: string;
  id?: string;
  payload?: any;
}

/**
 * A raw client of the legacy subscriptions-transport-ws protocol (sub-protocol `graphql-ws`), the
 * one GraphQL Playground speaks. Keep-alive (`ka`) messages are skipped.
 */
export class LegacySocket {
  private readonly received: LegacyMessage[] = [];
  private waiting?: () => void;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as LegacyMessage;
      if (message.type === 'ka') return;
      this.received.push(message);
      this.waiting?.();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(wsUrl: string): Promise<LegacySocket> {
    const ws = new WebSocket(wsUrl, 'graphql-ws');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new LegacySocket(ws);
  }

  send(message: LegacyMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The next message from the server, within `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<LegacyMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      if (Date.now() > deadline) throw new Error('No message from the server in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.received.shift()!;
  }

  close(): void {
    this.ws.close();
  }
}

/** Tries to open a WebSocket and reports how the handshake ended. */
export function handshake(
  wsUrl: string,
  protocols?: string | string[],
): Promise<{ opened: boolean; status?: number; error?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, protocols);
    ws.once('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ opened: false, status: res.statusCode });
      ws.terminate();
    });
    ws.once('error', (error) => resolve({ opened: false, error: error.message }));
  });
}
