import {
  type RunningSpotifySandbox,
  startSpotifySandbox,
} from '../../src/spotify-sandbox/index.js';

/**
 * A Spotify sandbox outside every app instance, so that a login can begin on one instance and end
 * on another; `env` points an app at it as a real Spotify app would be configured.
 */
export async function startExternalSpotify(
  redirectUri: string,
): Promise<{ sandbox: RunningSpotifySandbox; env: Record<string, string> }> {
  const client = { clientId: 'external', clientSecret: 'external-secret' };
  const sandbox = await startSpotifySandbox({
    port: 0,
    clients: [{ ...client, redirectUris: [redirectUri] }],
  });
  return {
    sandbox,
    env: {
      SPOTIFY_CLIENT_ID: client.clientId,
      SPOTIFY_CLIENT_SECRET: client.clientSecret,
      SPOTIFY_REDIRECT_URI: redirectUri,
      SPOTIFY_ACCOUNTS_URL: `${sandbox.url}/accounts`,
      SPOTIFY_API_URL: `${sandbox.url}/v1`,
    },
  };
}
