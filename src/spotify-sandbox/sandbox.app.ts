import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccountsRouter } from './accounts.routes.js';
import { createControlRouter } from './control.routes.js';
import { queryParam } from './sandbox.http.js';
import { SandboxState } from './sandbox.state.js';
import type { SandboxFault, SandboxOptions } from './sandbox.types.js';
import { createWebApiRouter } from './web-api.routes.js';

export interface SpotifySandbox {
  app: express.Express;
  state: SandboxState;
}

export interface RunningSpotifySandbox {
  /** e.g. http://127.0.0.1:4010, no trailing slash; Accounts at `${url}/accounts`, Web API at `${url}/v1`. */
  url: string;
  state: SandboxState;
  close(): Promise<void>;
}

export type StartSandboxOptions = SandboxOptions & { port?: number; host?: string };

const CONTROL_PATH = '/__control';

function sendFault(res: Response, fault: SandboxFault): void {
  if (fault.retryAfter !== undefined) res.set('Retry-After', String(fault.retryAfter));
  res.status(fault.status as number);
  if (fault.body === undefined) return void res.end();
  if (typeof fault.body === 'string') {
    return void res.type(fault.contentType ?? 'text/plain').send(fault.body);
  }
  res.type(fault.contentType ?? 'application/json').send(JSON.stringify(fault.body));
}

/**
 * Records every Spotify request (control calls excluded, so tests can count what their code
 * sent) and applies the first matching injected fault.
 */
function faultsAndRecording(state: SandboxState) {
  return (req: Request, res: Response, next: NextFunction) => {
    // req.path is relative to wherever the sandbox is mounted, as fault paths are.
    const path = req.path;
    if (path === CONTROL_PATH || path.startsWith(`${CONTROL_PATH}/`)) return next();
    const at = new Date(state.now()).toISOString();
    const query = Object.fromEntries(
      Object.keys(req.query as Record<string, unknown>).flatMap((name) => {
        const value = queryParam(req, name);
        return value === undefined ? [] : [[name, value]];
      }),
    );
    // Known even when a fault answers before the Web API's own authentication runs.
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const account = (token && state.accountOfToken(token)) || null;
    res.on('finish', () =>
      state.recordRequest({ method: req.method, path, query, account, status: res.statusCode, at }),
    );
    const fault = state.takeFault(req.method, path);
    if (!fault) return next();
    const act = () => (fault.status === undefined ? next() : sendFault(res, fault));
    if (!fault.delayMs) return act();
    // unref: a pending delay must not keep a test process alive after the server closed.
    setTimeout(act, fault.delayMs).unref();
  };
}

/** The sandbox as an Express app, to listen on its own or to mount inside another app. */
export function createSpotifySandbox(options: SandboxOptions = {}): SpotifySandbox {
  const state = new SandboxState(options);
  const app = express();
  app.disable('x-powered-by');
  app.use(faultsAndRecording(state));
  app.use('/accounts', createAccountsRouter(state));
  app.use('/v1', createWebApiRouter(state));
  app.use(CONTROL_PATH, createControlRouter(state));
  app.use((_req, res) => {
    res.status(404).json({ error: { status: 404, message: 'Service not found' } });
  });
  return { app, state };
}

/** Listens on its own port (0 = any free one) until close(). */
export async function startSpotifySandbox(
  options: StartSandboxOptions = {},
): Promise<RunningSpotifySandbox> {
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = options;
  const { app, state } = createSpotifySandbox(sandboxOptions);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  // A wildcard address is not something a client can call; the loopback one is.
  const reachableHost =
    host === '0.0.0.0'
      ? '127.0.0.1'
      : host === '::'
        ? '[::1]'
        : host.includes(':')
          ? `[${host}]`
          : host;
  return {
    url: `http://${reachableHost}:${actualPort}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
