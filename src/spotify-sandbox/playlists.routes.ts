import express, { type Request, type Response, type Router } from 'express';
import { findTrackByUri } from './catalogue.js';
import type { SandboxPlaylist } from './playlists.js';
import { findSandboxAccount, type SandboxAccount } from './sandbox-accounts.js';
import { apiError, bodyRecord, pageRequest, paging, queryParam } from './sandbox.http.js';
import { snapshotId, type SandboxState } from './sandbox.state.js';
import { userReference } from './web-api.objects.js';

const MAX_ITEMS_PER_ADD = 100;

/** Writing a public playlist needs one scope, a private one the other. */
const modifyScope = (isPublic: boolean) =>
  isPublic ? 'playlist-modify-public' : 'playlist-modify-private';

/**
 * Spotify's playlist endpoints of 2026 (`/items`, not `/tracks`); needs the caller's account in
 * `res.locals.account` and the token's scopes in `res.locals.scopes`.
 */
export function createPlaylistsRouter(state: SandboxState): Router {
  const router = express.Router();
  const accountOf = (res: Response) => res.locals.account as SandboxAccount;
  const hasScope = (res: Response, scope: string) => (res.locals.scopes as Set<string>).has(scope);
  const apiBase = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;

  const playlistJson = (req: Request, playlist: SandboxPlaylist) => {
    const owner = findSandboxAccount(playlist.ownerId) as SandboxAccount;
    return {
      id: playlist.id,
      name: playlist.name,
      description: playlist.description,
      uri: `spotify:playlist:${playlist.id}`,
      href: `${apiBase(req)}/playlists/${playlist.id}`,
      external_urls: { spotify: `https://open.spotify.com/playlist/${playlist.id}` },
      owner: userReference(owner),
      collaborative: false,
      public: playlist.public,
      images: [],
      snapshot_id: snapshotId(playlist),
      items: {
        href: `${apiBase(req)}/playlists/${playlist.id}/items`,
        total: playlist.trackUris.length,
      },
      type: 'playlist',
    };
  };

  router.get('/me/playlists', (req, res) => {
    const page = pageRequest(req, res, { limit: 20, maxLimit: 50 });
    if (!page) return;
    const playlists = state.playlistsOf(accountOf(res).id).map((p) => playlistJson(req, p));
    res.json(paging(req, playlists, page));
  });

  router.post('/me/playlists', (req, res) => {
    const { name, description, public: isPublic } = bodyRecord(req);
    if (typeof name !== 'string' || !name.trim()) {
      return apiError(res, 400, 'Missing required field: name');
    }
    if (description !== undefined && typeof description !== 'string') {
      return apiError(res, 400, 'description must be a string');
    }
    if (isPublic !== undefined && typeof isPublic !== 'boolean') {
      return apiError(res, 400, 'public must be a boolean');
    }
    if (!hasScope(res, modifyScope(isPublic ?? true))) {
      return apiError(res, 403, 'Insufficient client scope');
    }
    const playlist = state.createPlaylist(accountOf(res).id, {
      name,
      description,
      public: isPublic,
    });
    res.status(201).json(playlistJson(req, playlist));
  });

  // Creating a playlist for a named user is gone in Development Mode.
  router.post('/users/:id/playlists', (_req, res) => apiError(res, 403, 'Forbidden'));

  // The old name of /items answers 403, whatever the method.
  router.all('/playlists/:id/tracks', (_req, res) => apiError(res, 403, 'Forbidden'));

  router.get('/playlists/:id/items', (req, res) => {
    const page = pageRequest(req, res, { limit: 20, maxLimit: 50 });
    if (!page) return;
    const playlist = state.findPlaylist(req.params.id);
    if (!playlist) return apiError(res, 404, 'Resource not found');
    // Development Mode: contents only for playlists the caller owns (none is collaborative here).
    if (playlist.ownerId !== accountOf(res).id) return apiError(res, 403, 'Forbidden');
    const owner = userReference(accountOf(res));
    const entries = playlist.trackUris.map((uri, index) => {
      const track = findTrackByUri(uri);
      return {
        added_at: playlist.addedAt[index],
        added_by: owner,
        is_local: false,
        item: track ? state.trackJson(track) : null,
      };
    });
    res.json(paging(req, entries, page));
  });

  router.post('/playlists/:id/items', (req, res) => {
    const playlist = state.findPlaylist(req.params.id);
    if (!playlist) return apiError(res, 404, 'Resource not found');
    if (!hasScope(res, modifyScope(playlist.public))) {
      return apiError(res, 403, 'Insufficient client scope');
    }
    if (playlist.ownerId !== accountOf(res).id) return apiError(res, 403, 'Forbidden');
    const body = bodyRecord(req);
    // Spotify takes the uris from the body, or else comma-separated from the query.
    const uris: unknown = body.uris ?? queryParam(req, 'uris')?.split(',');
    if (!Array.isArray(uris) || uris.length === 0) return apiError(res, 400, 'No uris provided');
    if (uris.length > MAX_ITEMS_PER_ADD) {
      return apiError(
        res,
        400,
        `You can add a maximum of ${MAX_ITEMS_PER_ADD} tracks per request.`,
      );
    }
    const invalid: unknown = (uris as unknown[]).find(
      (uri) => typeof uri !== 'string' || !findTrackByUri(uri),
    );
    if (invalid !== undefined)
      return apiError(res, 400, `Invalid track uri: ${JSON.stringify(invalid)}`);
    const position: unknown = body.position ?? queryParam(req, 'position');
    const at = position === undefined ? undefined : Number(position);
    if (at !== undefined && (!Number.isInteger(at) || at < 0 || at > playlist.trackUris.length)) {
      return apiError(res, 400, 'Index out of bounds');
    }
    res.status(201).json({ snapshot_id: state.addToPlaylist(playlist, uris as string[], at) });
  });

  return router;
}
