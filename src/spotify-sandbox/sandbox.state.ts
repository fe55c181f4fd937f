import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { findTrackByUri, sandboxCatalogue, type SandboxTrack } from './catalogue.js';
import { playlistsOf, sandboxPlaylists, type SandboxPlaylist } from './playlists.js';
import { findSandboxAccount } from './sandbox-accounts.js';
import { SandboxPlayer } from './sandbox.player.js';
import {
  DEFAULT_SANDBOX_CLIENT,
  type SandboxClient,
  type SandboxClock,
  type SandboxFault,
  type SandboxFaultInput,
  type SandboxOptions,
  type SandboxPlayerView,
  type SandboxRequestRecord,
  type SandboxSettings,
} from './sandbox.types.js';

/** A login page that was shown and not yet answered. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  scope: string;
  codeChallenge: string | undefined;
  expiresAt: number;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  accountId: string;
  scope: string;
  codeChallenge: string | undefined;
  expiresAt: number;
}

export interface AccessTokenRecord {
  accountId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

export interface RefreshTokenRecord {
  accountId: string;
  clientId: string;
  scope: string;
  /** Issued to a PKCE flow, so the client may refresh without its secret. */
  pkce: boolean;
  /** Spotify: six months after the first consent; refreshing does not extend it. */
  expiresAt: number;
}

export type AccessTokenCheck =
  { status: 'valid'; token: AccessTokenRecord } | { status: 'expired' } | { status: 'invalid' };

const PENDING_LIFETIME_MS = 10 * 60_000;
const REFRESH_LIFETIME_MS = 182 * 24 * 3600_000;
/** Expired access tokens are remembered this long so they answer "expired", not "invalid". */
const EXPIRED_TOKEN_MEMORY_MS = 24 * 3600_000;
const MAX_REQUEST_LOG = 10_000;

const secret = () => randomBytes(32).toString('base64url');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62Id = () => Array.from({ length: 22 }, () => BASE62[randomInt(62)]).join('');

export interface NewPlaylist {
  name: string;
  description?: string;
  public?: boolean;
}

/** Everything the sandbox remembers; the control API and in-process tests drive it directly. */
export class SandboxState {
  private readonly clients = new Map<string, SandboxClient>();
  private currentSettings: SandboxSettings;
  private pending = new Map<string, PendingAuthorization>();
  private codes = new Map<string, AuthorizationCode>();
  private accessTokens = new Map<string, AccessTokenRecord>();
  private refreshTokens = new Map<string, RefreshTokenRecord>();
  private players = new Map<string, SandboxPlayer>();
  private playlistList: SandboxPlaylist[] = [];
  private faultList: SandboxFault[] = [];
  private requestLog: SandboxRequestRecord[] = [];
  /** The sandbox's clock: every expiry and every player reads it. */
  readonly now: SandboxClock;

  constructor(private readonly options: SandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    for (const client of options.clients ?? [DEFAULT_SANDBOX_CLIENT]) this.registerClient(client);
    this.currentSettings = this.initialSettings();
    this.playlistList = initialPlaylists();
  }

  /** Back to the initial state; registered clients stay. */
  reset(): void {
    this.currentSettings = this.initialSettings();
    this.pending = new Map();
    this.codes = new Map();
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
    this.players = new Map();
    this.playlistList = initialPlaylists();
    this.faultList = [];
    this.requestLog = [];
  }

  get settings(): Readonly<SandboxSettings> {
    return { ...this.currentSettings };
  }

  updateSettings(changes: Partial<SandboxSettings>): SandboxSettings {
    this.currentSettings = { ...this.currentSettings, ...changes };
    return this.settings;
  }

  registerClient(client: SandboxClient): void {
    this.clients.set(client.clientId, {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUris: [...client.redirectUris],
    });
  }

  findClient(clientId: string): SandboxClient | undefined {
    return this.clients.get(clientId);
  }

  // --- Authorization code flow -------------------------------------------------------------

  beginAuthorization(request: Omit<PendingAuthorization, 'expiresAt'>): string {
    const id = randomUUID();
    this.pending.set(id, { ...request, expiresAt: this.now() + PENDING_LIFETIME_MS });
    return id;
  }

  /** Single use: a login page can be answered once. */
  takeAuthorization(id: string): PendingAuthorization | undefined {
    const request = this.pending.get(id);
    this.pending.delete(id);
    return request && this.now() < request.expiresAt ? request : undefined;
  }

  issueCode(request: PendingAuthorization, accountId: string): string {
    const code = secret();
    this.codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      accountId,
      scope: request.scope,
      codeChallenge: request.codeChallenge,
      expiresAt: this.now() + this.currentSettings.codeLifetimeSeconds * 1000,
    });
    return code;
  }

  /** Single use: the code is gone after the first attempt, successful or not. */
  takeCode(code: string): AuthorizationCode | undefined {
    const record = this.codes.get(code);
    this.codes.delete(code);
    return record && this.now() < record.expiresAt ? record : undefined;
  }

  // --- Tokens -------------------------------------------------------------------------------

  issueAccessToken(accountId: string, clientId: string, scope: string): string {
    const now = this.now();
    for (const [token, record] of this.accessTokens) {
      if (record.expiresAt + EXPIRED_TOKEN_MEMORY_MS < now) this.accessTokens.delete(token);
    }
    const token = secret();
    this.accessTokens.set(token, {
      accountId,
      clientId,
      scope,
      expiresAt: now + this.currentSettings.tokenLifetimeSeconds * 1000,
    });
    return token;
  }

  issueRefreshToken(record: Omit<RefreshTokenRecord, 'expiresAt'>, expiresAt?: number): string {
    const token = secret();
    this.refreshTokens.set(token, {
      ...record,
      expiresAt: expiresAt ?? this.now() + REFRESH_LIFETIME_MS,
    });
    return token;
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    const record = this.refreshTokens.get(token);
    return record && this.now() < record.expiresAt ? record : undefined;
  }

  /** Replaces a refresh token by a new one with the same consent (and so the same expiry). */
  rotateRefreshToken(token: string): string | undefined {
    const record = this.findRefreshToken(token);
    if (!record) return undefined;
    this.refreshTokens.delete(token);
    return this.issueRefreshToken(record, record.expiresAt);
  }

  checkAccessToken(token: string): AccessTokenCheck {
    const record = this.accessTokens.get(token);
    if (!record) return { status: 'invalid' };
    if (this.now() >= record.expiresAt) return { status: 'expired' };
    return { status: 'valid', token: record };
  }

  /** The account's access tokens answer "expired" from now on; returns how many there were. */
  expireAccessTokens(accountId: string): number {
    const now = this.now();
    let count = 0;
    for (const record of this.accessTokens.values()) {
      if (record.accountId !== accountId || record.expiresAt <= now) continue;
      record.expiresAt = now;
      count++;
    }
    return count;
  }

  /** The account's refresh tokens give invalid_grant from now on; returns how many there were. */
  revokeRefreshTokens(accountId: string): number {
    let count = 0;
    for (const [token, record] of this.refreshTokens) {
      if (record.accountId !== accountId) continue;
      this.refreshTokens.delete(token);
      count++;
    }
    return count;
  }

  // --- Players ------------------------------------------------------------------------------

  /** Undefined for an unknown account. */
  player(accountId: string): SandboxPlayer | undefined {
    let player = this.players.get(accountId);
    if (!player) {
      const account = findSandboxAccount(accountId);
      if (!account) return undefined;
      player = new SandboxPlayer(account.devices, {
        now: () => this.now(),
        durationOf: (uri) => this.durationOf(uri),
        contextTracks: (uri) => this.contextTracks(uri) ?? [],
      });
      this.players.set(accountId, player);
    }
    return player;
  }

  playerView(accountId: string): SandboxPlayerView | undefined {
    return this.player(accountId)?.view();
  }

  /** False when the account or the device is unknown. */
  setActiveDevice(accountId: string, deviceId: string | null): boolean {
    return this.player(accountId)?.activate(deviceId) ?? false;
  }

  /** How long a track lasts here: the track-duration setting, else the catalogue's. */
  durationOf(uri: string): number {
    return Math.max(
      1,
      this.currentSettings.trackDurationMs ?? findTrackByUri(uri)?.duration_ms ?? 1,
    );
  }

  /** A track as the Web API shows it, its duration as long as it plays here. */
  trackJson(track: SandboxTrack): SandboxTrack {
    const { trackDurationMs } = this.currentSettings;
    return trackDurationMs === null ? track : { ...track, duration_ms: trackDurationMs };
  }

  /** The tracks of a playlist or album URI; undefined when there is no such context. */
  contextTracks(contextUri: string): readonly string[] | undefined {
    const [scheme, kind, id] = contextUri.split(':');
    if (scheme !== 'spotify' || !id) return undefined;
    if (kind === 'playlist') return this.findPlaylist(id)?.trackUris;
    if (kind !== 'album') return undefined;
    const tracks = sandboxCatalogueAlbum(id);
    return tracks.length > 0 ? tracks : undefined;
  }

  // --- Playlists ----------------------------------------------------------------------------

  findPlaylist(id: string): SandboxPlaylist | undefined {
    return this.playlistList.find((playlist) => playlist.id === id);
  }

  playlistsOf(accountId: string): SandboxPlaylist[] {
    return playlistsOf(this.playlistList, accountId);
  }

  createPlaylist(ownerId: string, input: NewPlaylist): SandboxPlaylist {
    const playlist: SandboxPlaylist = {
      id: base62Id(),
      name: input.name,
      description: input.description ?? '',
      ownerId,
      public: input.public ?? true,
      followers: [],
      trackUris: [],
      addedAt: [],
      version: 1,
    };
    // Newest first, as Spotify lists a user's playlists.
    this.playlistList.unshift(playlist);
    return playlist;
  }

  /** Inserts at `position` (default: the end); returns the new snapshot id. */
  addToPlaylist(playlist: SandboxPlaylist, uris: readonly string[], position?: number): string {
    const at = position ?? playlist.trackUris.length;
    const addedAt = new Date(this.now()).toISOString();
    playlist.trackUris = [
      ...playlist.trackUris.slice(0, at),
      ...uris,
      ...playlist.trackUris.slice(at),
    ];
    playlist.addedAt = [
      ...playlist.addedAt.slice(0, at),
      ...uris.map(() => addedAt),
      ...playlist.addedAt.slice(at),
    ];
    playlist.version++;
    return snapshotId(playlist);
  }

  // --- Faults and the request log -----------------------------------------------------------

  addFault(input: SandboxFaultInput): string {
    const id = randomUUID();
    this.faultList.push({ ...input, id, remaining: input.count ?? 1 });
    return id;
  }

  get faults(): readonly SandboxFault[] {
    return this.faultList.map((fault) => ({ ...fault }));
  }

  clearFaults(): void {
    this.faultList = [];
  }

  /** The first fault (in the order added) that matches, with one use consumed. */
  takeFault(method: string, path: string): SandboxFault | undefined {
    const fault = this.faultList.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method.toUpperCase() === method.toUpperCase()) &&
        path.startsWith(candidate.path),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faultList = this.faultList.filter((f) => f !== fault);
    return { ...fault };
  }

  recordRequest(record: SandboxRequestRecord): void {
    this.requestLog.push(record);
    if (this.requestLog.length > MAX_REQUEST_LOG) this.requestLog.shift();
  }

  get requests(): readonly SandboxRequestRecord[] {
    return [...this.requestLog];
  }

  /** The account an access token belongs to, expired or not; undefined for an unknown token. */
  accountOfToken(token: string): string | undefined {
    return this.accessTokens.get(token)?.accountId;
  }

  private initialSettings(): SandboxSettings {
    return {
      tokenLifetimeSeconds: this.options.tokenLifetimeSeconds ?? 3600,
      codeLifetimeSeconds: this.options.codeLifetimeSeconds ?? 60,
      refreshTokenRotation: 'never',
      trackDurationMs: this.options.trackDurationMs ?? null,
    };
  }
}

function initialPlaylists(): SandboxPlaylist[] {
  return sandboxPlaylists().map((playlist) => ({ ...playlist }));
}

export function snapshotId(playlist: SandboxPlaylist): string {
  return Buffer.from(`${playlist.id}:${playlist.version}`).toString('base64url');
}

function sandboxCatalogueAlbum(albumId: string): string[] {
  return sandboxCatalogue()
    .filter((track) => track.album.id === albumId)
    .map((track) => track.uri);
}
