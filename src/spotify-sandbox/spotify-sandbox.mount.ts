import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AppConfig } from '../config/app-config.js';
import { SANDBOX_ACCOUNTS } from './sandbox-accounts.js';
import { createSpotifySandbox, type SpotifySandbox } from './sandbox.app.js';
import { DEFAULT_SANDBOX_CLIENT, type SandboxOptions } from './sandbox.types.js';

/** Injection token of the SandboxOptions read from the environment. */
export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** Where the app serves the sandbox; Spotify's two hosts are `${path}/accounts` and `${path}/v1`. */
export const SANDBOX_MOUNT_PATH = '/sandbox/spotify';

/** Whether a request path (with its query) is the sandbox's. */
function underMount(url: string): boolean {
  if (!url.startsWith(SANDBOX_MOUNT_PATH)) return false;
  const next = url.charAt(SANDBOX_MOUNT_PATH.length);
  return next === '' || next === '/' || next === '?';
}

/**
 * Serves the sandbox inside the app, apart from the product: the sandbox is an Express app, and
 * the HTTP server hands the requests under its path to it, untouched, instead of to Fastify: none
 * of the app's hooks, CORS, body parsing, auth guard, request log or metrics run for them, so
 * Spotify's endpoints stay open and parse their own bodies as on Spotify. Express stays inside the
 * sandbox; the product's requests pay one prefix check.
 */
@Injectable()
export class SpotifySandboxMount {
  readonly sandbox: SpotifySandbox;

  constructor(
    adapterHost: HttpAdapterHost,
    config: AppConfig,
    @Inject(SANDBOX_OPTIONS) options: SandboxOptions,
  ) {
    this.sandbox = createSpotifySandbox({
      ...options,
      clients: [{ ...DEFAULT_SANDBOX_CLIENT, redirectUris: [config.spotify.redirectUri] }],
    });
    // Mounted where it is, so the sandbox's links (`req.baseUrl`) name the app's own path.
    const mounted = express().disable('x-powered-by').use(SANDBOX_MOUNT_PATH, this.sandbox.app);
    // Fires at once when the adapter is there already (NestFactory.create), later in tests
    // (createNestApplication after compile): either way before configureApp and init.
    adapterHost.init$.subscribe(() => {
      // The sandbox's requests go to it before Fastify's handler, which never sees them.
      const server = adapterHost.httpAdapter.getInstance<FastifyInstance>().server;
      const handlers = server.listeners('request') as RequestListener[];
      server.removeAllListeners('request');
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (!underMount(req.url ?? '')) {
          for (const handle of handlers) handle(req, res);
          return;
        }
        void mounted(req, res);
      });
      new Logger('SpotifySandbox').warn(
        `Spotify sandbox mode: SPOTIFY_CLIENT_ID is unset, Spotify is simulated at ` +
          `${config.localBaseUrl}${SANDBOX_MOUNT_PATH} (demo accounts: ` +
          `${SANDBOX_ACCOUNTS.map((account) => account.id).join(', ')})`,
      );
    });
  }
}
