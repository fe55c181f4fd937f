import { WebSocket } from 'ws';

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
