import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { renderErrorPage, renderLoginPage } from './login-page.js';
import { findSandboxAccount, SANDBOX_ACCOUNTS } from './sandbox-accounts.js';
import { bodyRecord, bodyString, oauthError, queryParam } from './sandbox.http.js';
import type { SandboxState } from './sandbox.state.js';
import type { SandboxClient } from './sandbox.types.js';

function isLocalhost(uri: string): boolean {
  try {
    const host = new URL(uri).hostname;
    return host === 'localhost' || host.endsWith('.localhost');
  } catch {
    return true;
  }
}

function redirectWith(
  res: Response,
  redirectUri: string,
  params: Record<string, string | undefined>,
) {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  res.redirect(302, url.toString());
}

function errorPage(res: Response, title: string, message: string): void {
  res.status(400).type('html').send(renderErrorPage(title, message));
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Client credentials from `Authorization: Basic` or, failing that, the form body. */
function clientCredentials(req: Request): { clientId?: string; clientSecret?: string } | undefined {
  const header = req.get('authorization');
  if (header) {
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
  }
  const body = bodyRecord(req);
  return {
    clientId: bodyString(body, 'client_id'),
    clientSecret: bodyString(body, 'client_secret'),
  };
}

/** Spotify's Accounts service: the authorization code flow (with optional PKCE) and refresh. */
export function createAccountsRouter(state: SandboxState): Router {
  const router = express.Router();
  // The host app may have parsed the body already; body-parser then leaves it alone.
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/authorize', (req, res) => {
    const clientId = queryParam(req, 'client_id');
    const redirectUri = queryParam(req, 'redirect_uri');
    const client = clientId === undefined ? undefined : state.findClient(clientId);
    if (!client) return errorPage(res, 'INVALID_CLIENT', 'Invalid client');
    if (!redirectUri || !client.redirectUris.includes(redirectUri) || isLocalhost(redirectUri)) {
      return errorPage(res, 'INVALID_CLIENT', 'Invalid redirect URI');
    }
    const returnedState = queryParam(req, 'state');
    if (queryParam(req, 'response_type') !== 'code') {
      return redirectWith(res, redirectUri, {
        error: 'unsupported_response_type',
        state: returnedState,
      });
    }
    const codeChallenge = queryParam(req, 'code_challenge');
    const challengeMethod = queryParam(req, 'code_challenge_method');
    if ((codeChallenge || challengeMethod) && (!codeChallenge || challengeMethod !== 'S256')) {
      return redirectWith(res, redirectUri, {
        error: 'invalid_request',
        error_description: 'code_challenge_method must be S256 with a code_challenge',
        state: returnedState,
      });
    }
    const scope = queryParam(req, 'scope') ?? '';
    const requestId = state.beginAuthorization({
      clientId: client.clientId,
      redirectUri,
      state: returnedState,
      scope,
      codeChallenge,
    });
    res.type('html').send(
      renderLoginPage({
        action: `${req.baseUrl}/authorize/decision`,
        requestId,
        clientId: client.clientId,
        scope,
        accounts: SANDBOX_ACCOUNTS,
      }),
    );
  });

  router.post('/authorize/decision', (req, res) => {
    const body = bodyRecord(req);
    const pending = state.takeAuthorization(bodyString(body, 'request') ?? '');
    if (!pending) {
      return errorPage(res, 'Login expired', 'This login was already answered or has expired.');
    }
    if (bodyString(body, 'deny')) {
      return redirectWith(res, pending.redirectUri, {
        error: 'access_denied',
        state: pending.state,
      });
    }
    const account = findSandboxAccount(bodyString(body, 'account') ?? '');
    if (!account) return errorPage(res, 'Unknown account', 'Pick one of the demo accounts.');
    redirectWith(res, pending.redirectUri, {
      code: state.issueCode(pending, account.id),
      state: pending.state,
    });
  });

  router.post('/api/token', (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!req.is('application/x-www-form-urlencoded')) {
      return oauthError(
        res,
        'invalid_request',
        'The request body must be application/x-www-form-urlencoded',
      );
    }
    const credentials = clientCredentials(req);
    const client =
      credentials?.clientId === undefined ? undefined : state.findClient(credentials.clientId);
    const secretGiven = credentials?.clientSecret !== undefined;
    if (!client || (secretGiven && credentials?.clientSecret !== client.clientSecret)) {
      return oauthError(res, 'invalid_client', 'Invalid client');
    }
    const body = bodyRecord(req);
    const grantType = bodyString(body, 'grant_type');
    if (grantType === 'authorization_code') return exchangeCode(res, body, client, secretGiven);
    if (grantType === 'refresh_token') return refresh(res, body, client, secretGiven);
    oauthError(res, 'unsupported_grant_type', 'grant_type parameter is missing or unsupported');
  });

  function exchangeCode(
    res: Response,
    body: Record<string, unknown>,
    client: SandboxClient,
    secretGiven: boolean,
  ): void {
    const code = state.takeCode(bodyString(body, 'code') ?? '');
    const verifier = bodyString(body, 'code_verifier');
    const invalid = () => oauthError(res, 'invalid_grant', 'Invalid authorization code');
    if (!code || code.clientId !== client.clientId) return invalid();
    if (code.redirectUri !== bodyString(body, 'redirect_uri')) return invalid();
    if (code.codeChallenge) {
      if (!verifier || s256(verifier) !== code.codeChallenge) return invalid();
    } else {
      // Without PKCE the client must prove itself with its secret.
      if (!secretGiven) return oauthError(res, 'invalid_client', 'Invalid client');
      if (verifier) return invalid();
    }
    const { tokenLifetimeSeconds } = state.settings;
    res.json({
      access_token: state.issueAccessToken(code.accountId, client.clientId, code.scope),
      token_type: 'Bearer',
      scope: code.scope,
      expires_in: tokenLifetimeSeconds,
      refresh_token: state.issueRefreshToken({
        accountId: code.accountId,
        clientId: client.clientId,
        scope: code.scope,
        pkce: Boolean(code.codeChallenge),
      }),
    });
  }

  function refresh(
    res: Response,
    body: Record<string, unknown>,
    client: SandboxClient,
    secretGiven: boolean,
  ): void {
    const refreshToken = bodyString(body, 'refresh_token') ?? '';
    const record = state.findRefreshToken(refreshToken);
    if (!record || record.clientId !== client.clientId) {
      return oauthError(res, 'invalid_grant', 'Refresh token revoked');
    }
    if (!secretGiven && !record.pkce) return oauthError(res, 'invalid_client', 'Invalid client');
    const { tokenLifetimeSeconds, refreshTokenRotation } = state.settings;
    const rotated =
      refreshTokenRotation === 'always' ? state.rotateRefreshToken(refreshToken) : undefined;
    res.json({
      access_token: state.issueAccessToken(record.accountId, client.clientId, record.scope),
      token_type: 'Bearer',
      scope: record.scope,
      expires_in: tokenLifetimeSeconds,
      ...(rotated ? { refresh_token: rotated } : {}),
    });
  }

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    oauthError(res, 'invalid_request', 'The request body could not be read');
  });

  return router;
}
