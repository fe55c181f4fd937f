import express, { type Request, type Response, type Router } from 'express';
import { findTrackByUri } from './catalogue.js';
import { parsePlayBody } from './play-request.js';
import type { SandboxAccount, SandboxDevice } from './sandbox-accounts.js';
import { apiError, bodyRecord, queryParam } from './sandbox.http.js';
import type { SandboxPlayer } from './sandbox.player.js';
import type { SandboxState } from './sandbox.state.js';

export function deviceJson(device: SandboxDevice) {
  return {
    id: device.id,
    is_active: device.is_active,
    name: device.name,
    type: device.type,
    volume_percent: device.volume_percent,
    is_private_session: false,
    is_restricted: false,
    supports_volume: true,
  };
}

function contextJson(req: Request, uri: string) {
  const [, type, id] = uri.split(':');
  return {
    type,
    uri,
    href: `${req.protocol}://${req.get('host')}${req.baseUrl.replace(/\/me\/player$/, '')}/${type}s/${id}`,
    external_urls: { spotify: `https://open.spotify.com/${type}/${id}` },
  };
}

/** Spotify's `/me/player` endpoints; needs the caller's account in `res.locals.account`. */
export function createPlayerRouter(state: SandboxState): Router {
  const router = express.Router();
  const accountOf = (res: Response) => res.locals.account as SandboxAccount;
  const playerOf = (res: Response) => state.player(accountOf(res).id) as SandboxPlayer;

  const restricted = (res: Response) =>
    apiError(res, 403, 'Player command failed: Restriction violated', 'UNKNOWN');

  const premiumRequired = (res: Response): boolean => {
    if (accountOf(res).product === 'premium') return false;
    apiError(res, 403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED');
    return true;
  };

  /**
   * The checks every player command passes, in Spotify's order; undefined after answering. The
   * command then runs on `deviceId` (made the active device) when one was named.
   */
  function commandTarget(req: Request, res: Response): { deviceId?: string } | undefined {
    if (premiumRequired(res)) return undefined;
    const player = playerOf(res);
    const deviceId = queryParam(req, 'device_id');
    if (deviceId !== undefined) {
      if (player.findDevice(deviceId)) return { deviceId };
      apiError(res, 404, 'Device not found');
      return undefined;
    }
    if (player.activeDevice) return {};
    apiError(res, 404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
    return undefined;
  }

  /** The player, with playback moved to the target device first. */
  const playerOn = (res: Response, target: { deviceId?: string }): SandboxPlayer => {
    const player = playerOf(res);
    if (target.deviceId) player.activate(target.deviceId);
    return player;
  };

  /** GET /me/player and /currently-playing share one shape; undefined when nothing is active. */
  function playback(req: Request, res: Response) {
    const player = playerOf(res);
    const view = player.view();
    const track = view.item ? findTrackByUri(view.item) : undefined;
    const device = player.activeDevice;
    if (!track || !device) return undefined;
    return {
      device: deviceJson(device),
      repeat_state: 'off',
      shuffle_state: false,
      context: view.context ? contextJson(req, view.context) : null,
      timestamp: view.changedAt,
      progress_ms: view.progressMs,
      is_playing: view.isPlaying,
      item: state.trackJson(track),
      currently_playing_type: 'track',
      actions: { disallows: view.isPlaying ? { resuming: true } : { pausing: true } },
    };
  }

  router.get('/', (req, res) => {
    const body = playback(req, res);
    // 204 with no body when nothing is active, as on Spotify.
    if (!body) return void res.status(204).end();
    res.json(body);
  });

  router.get('/currently-playing', (req, res) => {
    const body = playback(req, res);
    if (!body) return void res.status(204).end();
    res.json(body);
  });

  router.get('/devices', (_req, res) => {
    res.json({ devices: playerOf(res).devices.map(deviceJson) });
  });

  router.get('/queue', (_req, res) => {
    const player = playerOf(res);
    const view = player.view();
    const track = view.item && player.activeDevice ? findTrackByUri(view.item) : undefined;
    const json = (uri: string) => {
      const found = findTrackByUri(uri);
      return found ? state.trackJson(found) : null;
    };
    res.json({
      currently_playing: track ? state.trackJson(track) : null,
      // The user's queue, then the context; Spotify shows a limited look ahead.
      queue: track ? [...view.queue, ...view.upNext].slice(0, 20).map(json) : [],
    });
  });

  router.put('/play', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    const body = bodyRecord(req);
    if (body.uris === undefined && body.context_uri === undefined) {
      // No body: resume where it paused.
      if (!playerOn(res, target).resume()) return restricted(res);
      return void res.status(204).end();
    }
    const parsed = parsePlayBody(body, state, accountOf(res).id);
    if (!parsed.request) return apiError(res, parsed.status, parsed.message);
    playerOn(res, target).play(parsed.request);
    res.status(204).end();
  });

  router.put('/pause', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    if (!playerOn(res, target).pause()) return restricted(res);
    res.status(204).end();
  });

  router.post('/next', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    if (!playerOn(res, target).next()) return restricted(res);
    res.status(204).end();
  });

  router.post('/previous', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    if (!playerOn(res, target).previous()) return restricted(res);
    res.status(204).end();
  });

  router.put('/seek', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    const raw = queryParam(req, 'position_ms');
    const position = raw === undefined || raw === '' ? NaN : Number(raw);
    if (!Number.isInteger(position) || position < 0) {
      return apiError(res, 400, 'position_ms must be a non-negative integer');
    }
    if (!playerOn(res, target).seek(position)) return restricted(res);
    res.status(204).end();
  });

  // Transfer: needs no active device, that is what it is for.
  router.put('/', (req, res) => {
    if (premiumRequired(res)) return;
    const { device_ids: deviceIds, play } = bodyRecord(req);
    if (!Array.isArray(deviceIds) || deviceIds.length === 0) {
      return apiError(res, 400, 'Required field device_ids missing');
    }
    if (deviceIds.length > 1) {
      return apiError(res, 400, 'Only one device_id is supported');
    }
    if (play !== undefined && typeof play !== 'boolean') {
      return apiError(res, 400, 'play must be a boolean');
    }
    const player = playerOf(res);
    if (typeof deviceIds[0] !== 'string' || !player.activate(deviceIds[0])) {
      return apiError(res, 404, 'Device not found');
    }
    // play: true makes it play; absent or false keeps the playback state.
    if (play === true) player.resume();
    res.status(204).end();
  });

  router.post('/queue', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    const uri = queryParam(req, 'uri');
    if (!uri) return apiError(res, 400, 'Required parameter uri missing');
    if (!findTrackByUri(uri)) return apiError(res, 400, `Invalid track uri: ${uri}`);
    playerOn(res, target).enqueue(uri);
    res.status(204).end();
  });

  return router;
}
