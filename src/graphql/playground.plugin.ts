import type { ApolloServerPlugin } from '@apollo/server';
import { PLAYGROUND_ASSETS_PATH } from './playground.controller.js';

function escapeForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * GraphQL Playground as Apollo's landing page (GET /graphql with Accept: text/html). Its bundle is
 * served by this app from the graphql-playground-react package, so it works with no internet.
 * Playground speaks the legacy subscriptions-transport-ws protocol, which the server also serves.
 */
export function playgroundLandingPage(endpoint: string): ApolloServerPlugin {
  const settings = {
    'request.credentials': 'same-origin',
    'schema.polling.enable': false,
    'editor.theme': 'dark',
    'tracing.hideTracingResponse': true,
  };
  const html = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="user-scalable=no, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, minimal-ui" />
  <title>Spotify Party — GraphQL Playground</title>
  <link rel="stylesheet" href="${PLAYGROUND_ASSETS_PATH}/css/index.css" />
  <link rel="shortcut icon" href="${PLAYGROUND_ASSETS_PATH}/favicon.png" />
  <script src="${PLAYGROUND_ASSETS_PATH}/js/middleware.js"></script>
  <style>body { margin: 0; background: #172a3a; font-family: sans-serif; }</style>
</head>
<body>
  <div id="root"></div>
  <script>
    window.addEventListener('load', function () {
      var wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
      GraphQLPlayground.init(document.getElementById('root'), {
        endpoint: location.origin + ${escapeForScript(endpoint)},
        subscriptionEndpoint: wsProtocol + '//' + location.host + ${escapeForScript(endpoint)},
        settings: ${escapeForScript(settings)},
        // "Share" would post the session, headers included, to graphqlbin.com.
        shareEnabled: false,
      });
    });
  </script>
</body>
</html>`;
  return {
    serverWillStart() {
      return Promise.resolve({ renderLandingPage: () => Promise.resolve({ html }) });
    },
  };
}
