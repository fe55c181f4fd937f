import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { jwtKey } from '../src/auth/jwt-key.js';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { getHealth } from './support/health.js';
import { ensureBuilt, spawnApp, type SpawnedApp } from './support/spawned-app.js';

/** A token the running app accepts, signed with the secret it generated into ./data. */
function tokenFor(app: SpawnedApp): string {
  const secret = readFileSync(join(app.cwd, 'data/.jwt-secret'), 'utf8');
  return new JwtService({ secret: jwtKey(secret) }).sign(
    { sub: randomUUID() },
    { issuer: 'spotify-party', algorithm: 'HS256', expiresIn: 600 },
  );
}

/** Opens a graphql-transport-ws socket and waits for connection_ack. */
async function openSubscriptionSocket(app: SpawnedApp, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${app.port}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      ws.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      ),
    );
    ws.once('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') resolve();
      else reject(new Error(`Expected connection_ack, got ${data.toString()}`));
    });
  });
  return ws;
}

describe('npm start on a fresh machine, then SIGTERM', () => {
  let app: SpawnedApp;

  beforeAll(async () => {
    await ensureBuilt();
    // Nothing but PORT: the defaults must carry a first start (cwd is an empty folder).
    app = await spawnApp();
    await app.ready(60_000);
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
  });

  it('serves /health with no configuration, on a SQLite file in ./data', async () => {
    const { status, body } = await getHealth(app.url);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info.database.status).toBe('up');
    expect(statSync(join(app.cwd, 'data/party.sqlite')).size).toBeGreaterThan(0);
    // Development secrets are generated once and kept beside the database.
    for (const secret of ['.jwt-secret', '.token-encryption-key']) {
      expect(statSync(join(app.cwd, 'data', secret)).mode & 0o777).toBe(0o600);
    }
  });

  it('serves GraphQL Playground and its bundle to a browser', async () => {
    const page = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphQLPlayground.init');
    const script = /<script src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/[^/]/);
    const bundle = await fetch(`${app.url}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });

  it('answers a first GraphQL query', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('on SIGTERM finishes the in-flight request, closes sockets with 1001 and exits 0', async () => {
    // An idle keep-alive connection, as browsers and proxies hold them.
    const agent = new Agent({ keepAlive: true });
    let idleSocket: Socket | undefined;
    await new Promise<void>((resolve, reject) => {
      request(`${app.url}/health`, { agent }, (res) => {
        idleSocket = res.socket;
        res.resume().on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    const idleClosed = new Promise<void>((resolve) => idleSocket!.once('close', () => resolve()));

    const ws = await openSubscriptionSocket(app, tokenFor(app));
    const wsClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    // A request whose body is still arriving when the signal comes: it must still be answered.
    const body = JSON.stringify({ query: '{ __typename }' });
    const inFlight = request(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status?: number; text: string }>((resolve, reject) => {
      inFlight.on('error', reject);
      inFlight.on('response', (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
    });
    // Connected, and the first bytes are with the kernel: the app has the request from then on.
    await new Promise<void>((resolve, reject) =>
      inFlight.write(body.slice(0, 10), (error) => (error ? reject(error) : resolve())),
    );

    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    const exited = app.exited(8_000);
    // The app closes its sockets first, then stops serving HTTP: the body arrives mid-shutdown.
    await wsClosed;
    inFlight.end(body.slice(10));

    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ data: { __typename: 'Query' } });
    expect(await wsClosed).toEqual({ code: 1001, reason: 'Server shutting down' });
    await idleClosed;
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(8_000);
    expect(app.output()).toContain('SIGTERM received: shutting down');

    // Gone for good: new connections are refused.
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
    agent.destroy();
  });
});
