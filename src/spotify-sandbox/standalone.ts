// `npm run sandbox`: the Spotify sandbox on its own port, e.g. for a second app instance or a
// front-end developer who wants Spotify's URLs to stay put across app restarts.
import { SANDBOX_ACCOUNTS } from './sandbox-accounts.js';
import { startSpotifySandbox } from './sandbox.app.js';
import { sandboxOptionsFromEnv } from './sandbox.env.js';
import { DEFAULT_SANDBOX_CLIENT } from './sandbox.types.js';

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number, got "${env.SANDBOX_PORT}"`);
  }
  const { options, problems } = sandboxOptionsFromEnv(env);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const client = {
    clientId: env.SANDBOX_CLIENT_ID || DEFAULT_SANDBOX_CLIENT.clientId,
    clientSecret: env.SANDBOX_CLIENT_SECRET || DEFAULT_SANDBOX_CLIENT.clientSecret,
    redirectUris: (env.SANDBOX_REDIRECT_URIS ?? DEFAULT_SANDBOX_CLIENT.redirectUris.join(','))
      .split(',')
      .map((uri) => uri.trim())
      .filter(Boolean),
  };
  const sandbox = await startSpotifySandbox({
    port,
    host: env.SANDBOX_HOST || '127.0.0.1',
    clients: [client],
    ...options,
  });
  console.log(
    [
      `Spotify sandbox listening on ${sandbox.url}`,
      `  Accounts service: ${sandbox.url}/accounts`,
      `  Web API:          ${sandbox.url}/v1`,
      `  Test control:     ${sandbox.url}/__control`,
      `  Client:           ${client.clientId} / ${client.clientSecret}`,
      `  Redirect URIs:    ${client.redirectUris.join(', ')}`,
      `  Demo accounts:    ${SANDBOX_ACCOUNTS.map((account) => account.id).join(', ')}`,
      `  Track duration:   ${options.trackDurationMs ? `${options.trackDurationMs} ms each` : 'as in the catalogue'}`,
      'Point the app at it with:',
      `  SPOTIFY_CLIENT_ID=${client.clientId} SPOTIFY_CLIENT_SECRET=${client.clientSecret} \\`,
      `  SPOTIFY_ACCOUNTS_URL=${sandbox.url}/accounts SPOTIFY_API_URL=${sandbox.url}/v1`,
    ].join('\n'),
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing the Spotify sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
