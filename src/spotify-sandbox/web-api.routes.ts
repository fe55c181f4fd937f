import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { findTrackById, searchCatalogue } from './catalogue.js';
import { createPlayerRouter } from './player.routes.js';
import { createPlaylistsRouter } from './playlists.routes.js';
import { findSandboxAccount, type SandboxAccount } from './sandbox-accounts.js';
import { userReference } from './web-api.objects.js';
import { apiError, pageRequest, paging, queryParam } from './sandbox.http.js';
import type { SandboxState } from './sandbox.state.js';

const BASE62_ID = /^[0-9A-Za-z]{22}$/;

function avatar(account: SandboxAccount) {
  const letter = account.displayName.replace(/[^A-Za-z]/g, '').charAt(0) || '?';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" ` +
    `fill="#1db954"/><text x="32" y="42" font-size="28" text-anchor="middle">${letter}</text></svg>`;
  return { url: `data:image/svg+xml,${encodeURIComponent(svg)}`, height: 300, width: 300 };
}

/** Spotify's Web API (`/v1`) as it behaves for a Development Mode app in 2026. */
export function createWebApiRouter(state: SandboxState): Router {
  const router = express.Router();
  const accountOf = (res: Response) => res.locals.account as SandboxAccount;

  router.use((req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const check = match ? state.checkAccessToken(match[1]) : { status: 'invalid' as const };
    if (check.status === 'invalid') return apiError(res, 401, 'Invalid access token');
    if (check.status === 'expired') return apiError(res, 401, 'The access token expired');
    const account = findSandboxAccount(check.token.accountId);
    if (!account) return apiError(res, 401, 'Invalid access token');
    if (!account.allowlisted) {
      return void res
        .status(403)
        .type('text/plain')
        .send('User not registered in the Developer Dashboard');
    }
    res.locals.account = account;
    res.locals.scopes = new Set(check.token.scope.split(' ').filter(Boolean));
    next();
  });

  // After authentication, so a bad token is a 401 whatever the body. Any content type: clients
  // often send JSON without saying so.
  router.use(express.json({ limit: '16kb', type: () => true }));

  router.get('/me', (_req, res) => {
    const account = accountOf(res);
    res.json({
      ...userReference(account),
      images: [avatar(account)],
      account_id: `acct-${account.id}`,
      // Development Mode apps no longer get these; extended-quota apps still do.
      ...(account.extendedQuota
        ? { email: account.email, country: account.country, product: account.product }
        : {}),
    });
  });

  router.get('/search', (req, res) => {
    const q = queryParam(req, 'q');
    if (!q?.trim()) return apiError(res, 400, 'No search query');
    const type = queryParam(req, 'type');
    if (!type) return apiError(res, 400, 'Missing parameter type');
    if (!type.split(',').includes('track')) return apiError(res, 400, 'Bad search type field');
    const page = pageRequest(req, res, { limit: 5, maxLimit: 10 });
    if (!page) return;
    const tracks = searchCatalogue(q).map((track) => state.trackJson(track));
    res.json({ tracks: paging(req, tracks, page, { q, type }) });
  });

  router.get('/tracks', (_req, res) => apiError(res, 403, 'Forbidden'));

  router.get('/tracks/:id', (req, res) => {
    if (!BASE62_ID.test(req.params.id)) return apiError(res, 400, 'Invalid base62 id');
    const track = findTrackById(req.params.id);
    if (!track) return apiError(res, 404, 'Resource not found');
    res.json(state.trackJson(track));
  });

  router.use(createPlaylistsRouter(state));
  router.use('/me/player', createPlayerRouter(state));

  router.use((_req, res) => apiError(res, 404, 'Service not found'));

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const { status = 500, type } = error as { status?: number; type?: string };
    if (type === 'entity.parse.failed') return apiError(res, 400, 'Error parsing JSON.');
    if (status < 500) return apiError(res, status, 'Bad request');
    apiError(res, 500, 'Server error');
  });

  return router;
}
