import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { SANDBOX_ACCOUNTS } from './sandbox-accounts.js';
import { createSpotifySandbox, type SpotifySandbox } from './sandbox.app.js';
import { DEFAULT_SANDBOX_CLIENT, type SandboxOptions } from './sandbox.types.js';

/** Injection token of the SandboxOptions read from the environment. */
export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** Where the app serves the sandbox; Spotify's two hosts are `${path}/accounts` and `${path}/v1`. */
export const SANDBOX_MOUNT_PATH = '/sandbox/spotify';

/**
 * Serves the sandbox inside the app. It is a raw Express sub-app mounted as soon as the HTTP
 * adapter exists, ahead of the app's own middleware: the global auth guard and body parsers are
 * the app's, and Spotify's endpoints stay open and parse their own bodies as on Spotify.
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
    // Fires at once when the adapter is there already (NestFactory.create), later in tests
    // (createNestApplication after compile): either way before configureApp and init.
    adapterHost.init$.subscribe(() => {
      adapterHost.httpAdapter.use(SANDBOX_MOUNT_PATH, this.sandbox.app);
      new Logger('SpotifySandbox').warn(
        `Spotify sandbox mode: SPOTIFY_CLIENT_ID is unset, Spotify is simulated at ` +
          `${config.localBaseUrl}${SANDBOX_MOUNT_PATH} (demo accounts: ` +
          `${SANDBOX_ACCOUNTS.map((account) => account.id).join(', ')})`,
      );
    });
  }
}
