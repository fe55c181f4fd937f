import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  AppConfig,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_MOUNT_PATH,
} from '../../config/app-config.js';
import { SANDBOX_ACCOUNTS } from './sandbox-accounts.js';
import { createSpotifySandbox } from './sandbox.app.js';

/**
 * Without Spotify credentials (outside production) the app serves its own Spotify stand-in, so
 * it runs and can be tried end to end right after `npm install`. It is a raw Express sub-app:
 * the global auth guard only covers Nest routes, and Spotify's endpoints must stay open as on Spotify.
 */
export function mountSpotifySandbox(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  const spotify = config.spotify;
  if (!spotify.sandbox || config.production) return;
  const sandbox = createSpotifySandbox({
    clients: [
      {
        clientId: SANDBOX_CLIENT_ID,
        clientSecret: SANDBOX_CLIENT_SECRET,
        redirectUris: [spotify.redirectUri],
      },
    ],
  });
  app.use(SANDBOX_MOUNT_PATH, sandbox.app);
  new Logger('SpotifySandbox').warn(
    `Spotify sandbox mode: SPOTIFY_CLIENT_ID is unset, Spotify is simulated at ` +
      `${config.localBaseUrl}${SANDBOX_MOUNT_PATH} (demo accounts: ` +
      `${SANDBOX_ACCOUNTS.map((account) => account.id).join(', ')})`,
  );
}
