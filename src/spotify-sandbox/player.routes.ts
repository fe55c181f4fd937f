import express, { type Request, type Response, type Router } from 'express';
import { findTrackByUri } from './catalogue.js';
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

/** Spotify's `/me/player` endpoints; needs the caller's account in `res.locals.account`. */
export function createPlayerRouter(state: SandboxState): Router {
  const router = express.Router();
  const accountOf = (res: Response) => res.locals.account as SandboxAccount;
  const playerOf = (res: Response) => state.player(accountOf(res).id) as SandboxPlayer;

  /** The checks every player command passes, in Spotify's order; undefined after answering. */
  function commandTarget(req: Request, res: Response): { deviceId?: string } | undefined {
    if (accountOf(res).product !== 'premium') {
      apiError(res, 403, 'Player command failed: Premium required', 'PREMIUM_REQUIRED');
      return undefined;
    }
    const player = playerOf(res);
    const deviceId = queryParam(req, 'device_id');
    if (deviceId !== undefined) {
      if (player.findDevice(deviceId)) return { deviceId };
      apiError(res, 404, 'Device not found');
      return undefined;
    }
    if (!player.activeDevice) {
      apiError(res, 404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
      return undefined;
    }
    return {};
  }

  router.get('/devices', (_req, res) => {
    res.json({ devices: playerOf(res).devices.map(deviceJson) });
  });

  router.put('/play', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    const body = bodyRecord(req);
    if (body.context_uri !== undefined && body.uris === undefined) {
      return apiError(res, 400, 'context_uri is not supported by the Spotify sandbox; send uris');
    }
    const uris = body.uris;
    if (
      uris !== undefined &&
      (!Array.isArray(uris) || uris.some((uri) => typeof uri !== 'string'))
    ) {
      return apiError(res, 400, 'uris must be an array of track URIs');
    }
    const unknown = (uris as string[] | undefined)?.find((uri) => !findTrackByUri(uri));
    if (unknown !== undefined) return apiError(res, 400, `Invalid track uri: ${unknown}`);
    const player = playerOf(res);
    if (target.deviceId) player.activate(target.deviceId);
    player.play(uris as string[] | undefined);
    res.status(204).end();
  });

  router.put('/pause', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    const player = playerOf(res);
    if (target.deviceId) player.activate(target.deviceId);
    player.pause();
    res.status(204).end();
  });

  router.post('/queue', (req, res) => {
    const target = commandTarget(req, res);
    if (!target) return;
    const uri = queryParam(req, 'uri');
    if (!uri) return apiError(res, 400, 'Required parameter uri missing');
    if (!findTrackByUri(uri)) return apiError(res, 400, `Invalid track uri: ${uri}`);
    const player = playerOf(res);
    if (target.deviceId) player.activate(target.deviceId);
    player.enqueue(uri);
    res.status(204).end();
  });

  router.get('/currently-playing', (_req, res) => {
    const player = playerOf(res);
    const view = player.view();
    const track = view.item ? findTrackByUri(view.item) : undefined;
    const device = player.activeDevice;
    // Spotify answers 204 with no body when nothing plays on any device.
    if (!track || !device) return void res.status(204).end();
    res.json({
      timestamp: Date.now(),
      context: null,
      progress_ms: view.progressMs,
      is_playing: view.isPlaying,
      currently_playing_type: 'track',
      item: track,
      device: deviceJson(device),
    });
  });

  return router;
}
