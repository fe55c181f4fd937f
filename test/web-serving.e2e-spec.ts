import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ensureBuilt } from './support/spawned-app.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('The web app, served at / (src/web)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Serves the built app: build it if web/ (or the server) changed since, under the lock other
    // suites in parallel workers build with.
    await ensureBuilt();
    t = await startTestApp({ env: { PUBLIC_URL: 'http://192.168.1.20:3000/' } });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/', '/join/ABC234', '/join/abc234', '/room/ABC234'])(
    'answers %s with the app, never cached',
    async (path) => {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root"></div>');
    },
  );

  it('serves its hashed assets for a year', async () => {
    const script = readdirSync('dist/web/assets').find((name) => name.endsWith('.js'))!;
    const response = await fetch(`${t.url}/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  // Node's fetch asks for every encoding and undoes it: the bytes on the wire are read here.
  const raw = (path: string, acceptEncoding?: string) =>
    new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
      request(`${t.url}${path}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ headers: response.headers, body: Buffer.concat(chunks) }),
        );
      })
        .on('error', reject)
        .end();
    });

  it('sends the build’s Brotli or gzip copy to a browser that accepts it', async () => {
    const script = readdirSync('dist/web/assets').find((name) => name.endsWith('.js'))!;
    const original = readFileSync(`dist/web/assets/${script}`);
    const brotli = await raw(`/assets/${script}`, 'gzip, deflate, br');
    expect(brotli.headers).toMatchObject({
      'content-encoding': 'br',
      vary: expect.stringMatching(/accept-encoding/i),
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(brotli.body.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(brotli.body).equals(original)).toBe(true);
    const gzip = await raw(`/assets/${script}`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);
    const plain = await raw(`/assets/${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it("leaves the server's own routes alone", async () => {
    const graphql = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${t.url}/health`)).headers.get('content-type')).toMatch(/json/);
    for (const path of [
      '/auth/nothing-here',
      '/metrics',
      '/sandbox/nothing-here',
      '/no/such/route',
      '/join/ABC234/more',
      '/join/TOOLONG1',
      '/room/ABC23',
      '/web/nothing-here',
    ]) {
      const response = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('tells the app where guests reach it (PUBLIC_URL, without its trailing slash)', async () => {
    const response = await fetch(`${t.url}/web/config`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = (await response.json()) as { publicUrl: string; lanUrl: string | null };
    expect(config.publicUrl).toBe('http://192.168.1.20:3000');
    // This machine's own address on its network, if it has one.
    if (config.lanUrl !== null) expect(config.lanUrl).toMatch(/^http:\/\/[\d.]+:\d+$/);
  });

  it('tells only a caller on this machine its network address', async () => {
    // From elsewhere, through a reverse proxy on this machine (trusted: loopback).
    const response = await fetch(`${t.url}/web/config`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ publicUrl: 'http://192.168.1.20:3000', lanUrl: null });
  });
});
