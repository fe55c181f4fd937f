import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { findTrackByUri } from './catalogue.js';
import { parsePlayBody } from './play-request.js';
import { findSandboxAccount, SANDBOX_ACCOUNTS, type SandboxAccount } from './sandbox-accounts.js';
import { bodyRecord, queryParam } from './sandbox.http.js';
import type { SandboxPlayer } from './sandbox.player.js';
import type { SandboxState } from './sandbox.state.js';
import type { SandboxFaultInput, SandboxSettings } from './sandbox.types.js';

const MAX_DELAY_MS = 60_000;

/** Why a player action did not happen: 400 for a bad request, 409 when it does not apply now. */
interface Refusal {
  status: 400 | 409;
  message: string;
}
const invalid = (message: string): Refusal => ({ status: 400, message });
const conflict = (message: string): Refusal => ({ status: 409, message });

function fail(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}

const isNumber = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

const optional = (value: unknown, check: (value: unknown) => boolean) =>
  value === undefined || check(value);

/** Returns an error message, or the fault as the state wants it. */
function parseFault(body: Record<string, unknown>): string | SandboxFaultInput {
  const { method, path, status, contentType, retryAfter, delayMs, count } = body;
  if (typeof path !== 'string' || !path.startsWith('/')) return 'path must start with "/"';
  if (!optional(method, (v) => typeof v === 'string')) return 'method must be a string';
  if (!optional(status, (v) => isNumber(v, 100, 599) && Number.isInteger(v))) {
    return 'status must be an HTTP status code';
  }
  if (!optional(contentType, (v) => typeof v === 'string')) return 'contentType must be a string';
  if (!optional(retryAfter, (v) => isNumber(v, 0))) return 'retryAfter must be seconds (>= 0)';
  if (!optional(delayMs, (v) => isNumber(v, 0, MAX_DELAY_MS))) {
    return `delayMs must be between 0 and ${MAX_DELAY_MS}`;
  }
  if (!optional(count, (v) => isNumber(v, 1) && Number.isInteger(v))) {
    return 'count must be a positive integer';
  }
  if (status === undefined && delayMs === undefined) return 'a fault needs a status or a delayMs';
  return {
    method: method as string | undefined,
    path,
    status: status as number | undefined,
    body: body.body,
    contentType: contentType as string | undefined,
    retryAfter: retryAfter as number | undefined,
    delayMs: delayMs as number | undefined,
    count: count as number | undefined,
  };
}

function parseSettings(body: Record<string, unknown>): string | Partial<SandboxSettings> {
  const { tokenLifetimeSeconds, codeLifetimeSeconds, refreshTokenRotation, trackDurationMs } = body;
  if (!optional(tokenLifetimeSeconds, (v) => isNumber(v, 0))) {
    return 'tokenLifetimeSeconds must be a number >= 0';
  }
  if (!optional(codeLifetimeSeconds, (v) => isNumber(v, 0))) {
    return 'codeLifetimeSeconds must be a number >= 0';
  }
  if (!optional(refreshTokenRotation, (v) => v === 'always' || v === 'never')) {
    return 'refreshTokenRotation must be "always" or "never"';
  }
  if (!optional(trackDurationMs, (v) => v === null || (isNumber(v, 1) && Number.isInteger(v)))) {
    return 'trackDurationMs must be a positive integer, or null for real durations';
  }
  return Object.fromEntries(
    Object.entries({
      tokenLifetimeSeconds,
      codeLifetimeSeconds,
      refreshTokenRotation,
      trackDurationMs,
    }).filter(([, value]) => value !== undefined),
  );
}

/**
 * Test control and fault injection: JSON in and out, no authentication (never served by the app
 * in production). The `/accounts/:id/player/*` actions are the host's own Spotify app (or its
 * phone): they change playback without being Web API calls of our app, so the request log
 * does not count them.
 */
export function createControlRouter(state: SandboxState): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb', type: () => true }));

  const knownAccount = (req: Request, res: Response) => {
    const account = findSandboxAccount(String(req.params.id ?? req.params.accountId));
    if (!account) fail(res, 404, 'Unknown account');
    return account;
  };

  router.post('/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: state.faults });
  });

  router.post('/faults', (req, res) => {
    const fault = parseFault(bodyRecord(req));
    if (typeof fault === 'string') return fail(res, 400, fault);
    res.json({ id: state.addFault(fault) });
  });

  router.delete('/faults', (_req, res) => {
    state.clearFaults();
    res.json({ ok: true });
  });

  router.get('/settings', (_req, res) => {
    res.json(state.settings);
  });

  router.post('/settings', (req, res) => {
    const settings = parseSettings(bodyRecord(req));
    if (typeof settings === 'string') return fail(res, 400, settings);
    res.json(state.updateSettings(settings));
  });

  router.post('/clients', (req, res) => {
    const { clientId, clientSecret, redirectUris } = bodyRecord(req);
    if (
      typeof clientId !== 'string' ||
      !clientId ||
      typeof clientSecret !== 'string' ||
      !Array.isArray(redirectUris) ||
      !redirectUris.every((uri) => typeof uri === 'string')
    ) {
      return fail(res, 400, 'Expected {clientId, clientSecret, redirectUris: string[]}');
    }
    state.registerClient({ clientId, clientSecret, redirectUris: redirectUris });
    res.json({ clientId });
  });

  router.get('/accounts', (_req, res) => {
    res.json({ accounts: SANDBOX_ACCOUNTS });
  });

  router.post('/accounts/:id/expire-access-tokens', (req, res) => {
    const account = knownAccount(req, res);
    if (account) res.json({ expired: state.expireAccessTokens(account.id) });
  });

  router.post('/accounts/:id/revoke-refresh-tokens', (req, res) => {
    const account = knownAccount(req, res);
    if (account) res.json({ revoked: state.revokeRefreshTokens(account.id) });
  });

  router.post('/accounts/:id/player', (req, res) => {
    const account = knownAccount(req, res);
    if (!account) return;
    const { activeDeviceId } = bodyRecord(req);
    if (activeDeviceId !== null && typeof activeDeviceId !== 'string') {
      return fail(res, 400, 'activeDeviceId must be a device id or null');
    }
    if (!state.setActiveDevice(account.id, activeDeviceId)) {
      return fail(res, 404, 'Unknown device');
    }
    res.json(state.playerView(account.id));
  });

  router.get('/player/:accountId', (req, res) => {
    const account = knownAccount(req, res);
    if (account) res.json(state.playerView(account.id));
  });

  /** Runs `action` on the account's player and answers its view; 409 when it does not apply. */
  const playerAction = (
    path: string,
    action: (
      player: SandboxPlayer,
      body: Record<string, unknown>,
      account: SandboxAccount,
    ) => Refusal | undefined,
  ) =>
    router.post(`/accounts/:id/player/${path}`, (req, res) => {
      const account = knownAccount(req, res);
      if (!account) return;
      const player = state.player(account.id) as SandboxPlayer;
      const problem = action(player, bodyRecord(req), account);
      if (problem) return fail(res, problem.status, problem.message);
      res.json(state.playerView(account.id));
    });

  playerAction('pause', (player) => (player.pause() ? undefined : conflict('Not playing')));
  // Pressing play in the app makes that device (the named one, or the first) the active one.
  playerAction('resume', (player, { deviceId }) => {
    const target = typeof deviceId === 'string' ? deviceId : player.devices[0].id;
    if (!player.activeDevice && !player.activate(target)) return invalid('Unknown device');
    return player.resume() ? undefined : conflict('Nothing paused');
  });
  playerAction('next', (player) => (player.next() ? undefined : conflict('Nothing loaded')));
  playerAction('previous', (player) =>
    player.previous() ? undefined : conflict('Nothing loaded'),
  );
  playerAction('end-track', (player) =>
    player.endTrack() ? undefined : conflict('Nothing loaded'),
  );
  playerAction('seek', (player, { positionMs }) => {
    if (!isNumber(positionMs, 0) || !Number.isInteger(positionMs)) {
      return invalid('positionMs must be a non-negative integer');
    }
    return player.seek(positionMs as number) ? undefined : conflict('Nothing loaded');
  });
  playerAction('queue', (player, { uri }) => {
    if (typeof uri !== 'string' || !findTrackByUri(uri)) return invalid('uri must be a track URI');
    player.enqueue(uri);
    return undefined;
  });
  // The host picks something in the Spotify app: on the named device, the active one, or the first.
  playerAction('play', (player, body, account) => {
    const parsed = parsePlayBody(body, state, account.id);
    if (!parsed.request) return invalid(parsed.message);
    const { deviceId } = body;
    const target =
      typeof deviceId === 'string' ? deviceId : (player.activeDevice ?? player.devices[0]).id;
    if (!player.activate(target)) return invalid('Unknown device');
    player.play(parsed.request);
    return undefined;
  });

  /** A device goes off (its app closed: playback pauses) or on (it becomes the active one). */
  router.post('/accounts/:id/devices/:deviceId/:power', (req, res) => {
    const account = knownAccount(req, res);
    if (!account) return;
    const player = state.player(account.id) as SandboxPlayer;
    const { deviceId, power } = req.params;
    if (power !== 'on' && power !== 'off') return fail(res, 404, 'Unknown control endpoint');
    const known = power === 'on' ? player.activate(deviceId) : player.deactivate(deviceId);
    if (!known) return fail(res, 404, 'Unknown device');
    res.json(state.playerView(account.id));
  });

  /** The Web API requests, oldest first; `method`, `path` (a prefix) and `account` filter them. */
  router.get('/requests', (req, res) => {
    const method = queryParam(req, 'method')?.toUpperCase();
    const path = queryParam(req, 'path');
    const account = queryParam(req, 'account');
    const requests = state.requests.filter(
      (request) =>
        (!method || request.method === method) &&
        (!path || request.path.startsWith(path)) &&
        (!account || request.account === account),
    );
    res.json({ requests, count: requests.length });
  });

  router.use((_req, res) => fail(res, 404, 'Unknown control endpoint'));

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    fail(res, 400, 'The body must be JSON');
  });

  return router;
}
