import { Injectable, Logger } from '@nestjs/common';
import { KeyedSerialQueue } from '../common/concurrency/keyed-serial-queue.js';
import { AppConfig } from '../config/app-config.js';
import { SpotifyCredentialsService } from './spotify-credentials.service.js';
import { SpotifyHttpClient, type SpotifyHttpResponse } from './spotify-http.client.js';
import { SpotifyTracksService } from './spotify-tracks.service.js';
import { SpotifyError, SpotifyException } from './spotify.exception.js';
import {
  toDevice,
  toNowPlaying,
  toPlaylist,
  toProfile,
  toTrackInfo,
  trackInfoFromEntity,
} from './spotify.mappers.js';
import type {
  CreatedPlaylist,
  NowPlaying,
  PlayerState,
  SpotifyDevice,
  SpotifyPlaylistInfo,
  SpotifyProfileInfo,
  SpotifyTrackInfo,
} from './spotify.types.js';
import type {
  RawCreatedPlaylist,
  RawCurrentlyPlaying,
  RawDevice,
  RawPaging,
  RawPlaylist,
  RawPlaylistEntry,
  RawTrack,
  RawUser,
} from './spotify-web-api.types.js';
import { trackIdOf, trackUriOf } from './track-uri.js';

type Method = 'GET' | 'POST' | 'PUT';
type Query = Record<string, string | number | undefined>;

interface CallOptions {
  query?: Query;
  json?: unknown;
}

const SEARCH_MAX_LIMIT = 10;
const SEARCH_MAX_OFFSET = 1000;
const PAGE_MAX_LIMIT = 50;
const PLAYLIST_ADD_MAX = 100;
const PLAYLIST_ID = /^[0-9A-Za-z]{1,64}$/;

function clamp(value: number, min: number, max: number): number {
  const integer = Number.isFinite(value) ? Math.trunc(value) : min;
  return Math.min(max, Math.max(min, integer));
}

/**
 * The Spotify Web API on behalf of one of our users: takes our user id, fetches (and refreshes)
 * their token, and on a 401 refreshes once and retries once. Track metadata seen on the way is
 * cached, so a track is fetched from Spotify once.
 */
@Injectable()
export class SpotifyApiService {
  private readonly logger = new Logger(SpotifyApiService.name);
  /** Spotify does not promise to run separate player calls in order: one at a time per user. */
  private readonly playerCommands = new KeyedSerialQueue();

  constructor(
    private readonly config: AppConfig,
    private readonly http: SpotifyHttpClient,
    private readonly credentials: SpotifyCredentialsService,
    private readonly tracks: SpotifyTracksService,
  ) {}

  /** With a raw access token: used at login, before the tokens are stored. */
  async getProfile(accessToken: string): Promise<SpotifyProfileInfo> {
    const response = await this.http.send({
      method: 'GET',
      url: this.url('/me'),
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    return toProfile(this.parse<RawUser>(response));
  }

  /** At most 10 results per call (Spotify's limit): larger limits are clamped, not rejected. */
  async search(userId: string, query: string, limit = 10, offset = 0): Promise<SpotifyTrackInfo[]> {
    const q = query.trim();
    if (!q) throw new SpotifyException(SpotifyError.BAD_REQUEST, 'A search needs some words');
    const body = await this.call<{ tracks?: RawPaging<RawTrack> }>(userId, 'GET', '/search', {
      query: {
        q,
        type: 'track',
        limit: clamp(limit, 1, SEARCH_MAX_LIMIT),
        offset: clamp(offset, 0, SEARCH_MAX_OFFSET),
      },
    });
    const found = this.tracksOf(body?.tracks?.items ?? []);
    await this.remember(found);
    return found;
  }

  /** Cache first: a known uri costs no call to Spotify (a row cached without artist ids does). */
  async getTrack(userId: string, uri: string): Promise<SpotifyTrackInfo> {
    const id = trackIdOf(uri);
    const canonical = `spotify:track:${id}`;
    const cached = (await this.tracks.findByUris([canonical])).get(canonical);
    if (cached && SpotifyTracksService.isComplete(cached)) return trackInfoFromEntity(cached);
    const track = toTrackInfo(await this.call<RawTrack>(userId, 'GET', `/tracks/${id}`));
    if (!track) throw new SpotifyException(SpotifyError.NOT_FOUND, 'Spotify has no such track');
    await this.remember([track]);
    return track;
  }

  async getMyPlaylists(userId: string, limit = 50, offset = 0): Promise<SpotifyPlaylistInfo[]> {
    const body = await this.call<RawPaging<RawPlaylist>>(userId, 'GET', '/me/playlists', {
      query: {
        limit: clamp(limit, 1, PAGE_MAX_LIMIT),
        offset: clamp(offset, 0, Number.MAX_SAFE_INTEGER),
      },
    });
    return (body?.items ?? []).filter((playlist) => playlist?.id).map(toPlaylist);
  }

  /** Tracks only: episodes, local files and unavailable (null) entries are skipped. */
  async getPlaylistTracks(
    userId: string,
    playlistId: string,
    limit = 50,
    offset = 0,
  ): Promise<SpotifyTrackInfo[]> {
    if (!PLAYLIST_ID.test(playlistId)) {
      throw new SpotifyException(SpotifyError.BAD_REQUEST, 'Not a Spotify playlist id');
    }
    const body = await this.call<RawPaging<RawPlaylistEntry>>(
      userId,
      'GET',
      `/playlists/${playlistId}/items`,
      {
        query: {
          limit: clamp(limit, 1, PAGE_MAX_LIMIT),
          offset: clamp(offset, 0, Number.MAX_SAFE_INTEGER),
        },
      },
    );
    const entries = (body?.items ?? []).filter((entry) => entry && !entry.is_local);
    const found = this.tracksOf(entries.map((entry) => entry.item ?? entry.track ?? null));
    await this.remember(found);
    return found;
  }

  async getDevices(userId: string): Promise<SpotifyDevice[]> {
    const body = await this.call<{ devices?: RawDevice[] }>(userId, 'GET', '/me/player/devices');
    return (body?.devices ?? []).map(toDevice);
  }

  /** Starts playing `uris` (replacing what plays); without `deviceId` on the active device. */
  async play(userId: string, uris: string[], deviceId?: string): Promise<void> {
    if (uris.length === 0) {
      throw new SpotifyException(SpotifyError.BAD_REQUEST, 'Nothing to play');
    }
    const canonical = uris.map(trackUriOf);
    return this.playerCommands.run(userId, async () => {
      await this.call(userId, 'PUT', '/me/player/play', {
        query: { device_id: deviceId },
        json: { uris: canonical },
      });
    });
  }

  async addToQueue(userId: string, uri: string, deviceId?: string): Promise<void> {
    const canonical = trackUriOf(uri);
    return this.playerCommands.run(userId, async () => {
      await this.call(userId, 'POST', '/me/player/queue', {
        query: { uri: canonical, device_id: deviceId },
      });
    });
  }

  /** `GET /me/player`; null when no device is active (Spotify answers 204). */
  async getPlayer(userId: string): Promise<PlayerState | null> {
    const body = await this.call<RawCurrentlyPlaying>(userId, 'GET', '/me/player');
    if (!body) return null;
    const item = body.item ?? null;
    return {
      isPlaying: body.is_playing === true,
      progressMs: typeof body.progress_ms === 'number' ? body.progress_ms : 0,
      itemUri: item?.uri ?? null,
      durationMs: typeof item?.duration_ms === 'number' ? item.duration_ms : null,
      deviceName: body.device?.name ?? null,
      contextUri: body.context?.uri ?? null,
    };
  }

  /** Resumes what is paused on the active device (`PUT /me/player/play` without a body). */
  async resume(userId: string): Promise<void> {
    return this.playerCommands.run(userId, async () => {
      await this.call(userId, 'PUT', '/me/player/play');
    });
  }

  async pause(userId: string): Promise<void> {
    return this.playerCommands.run(userId, async () => {
      await this.call(userId, 'PUT', '/me/player/pause');
    });
  }

  /** A new playlist in the user's account (`POST /me/playlists`); private unless `isPublic`. */
  async createPlaylist(
    userId: string,
    name: string,
    description?: string,
    isPublic = false,
  ): Promise<CreatedPlaylist> {
    const body = await this.call<RawCreatedPlaylist>(userId, 'POST', '/me/playlists', {
      json: { name, description, public: isPublic },
    });
    if (!body?.id) throw new SpotifyException(SpotifyError.UNAVAILABLE);
    return {
      id: body.id,
      uri: body.uri ?? `spotify:playlist:${body.id}`,
      name: body.name ?? name,
    };
  }

  /** Appends tracks, 100 per call (Spotify's cap), in order. */
  async addPlaylistItems(userId: string, playlistId: string, uris: string[]): Promise<void> {
    if (!PLAYLIST_ID.test(playlistId)) {
      throw new SpotifyException(SpotifyError.BAD_REQUEST, 'Not a Spotify playlist id');
    }
    for (let start = 0; start < uris.length; start += PLAYLIST_ADD_MAX) {
      await this.call(userId, 'POST', `/playlists/${playlistId}/items`, {
        json: { uris: uris.slice(start, start + PLAYLIST_ADD_MAX).map(trackUriOf) },
      });
    }
  }

  /** Null when nothing plays (Spotify answers 204). */
  async currentlyPlaying(userId: string): Promise<NowPlaying | null> {
    const body = await this.call<RawCurrentlyPlaying>(
      userId,
      'GET',
      '/me/player/currently-playing',
    );
    return body ? toNowPlaying(body) : null;
  }

  private async call<T>(
    userId: string,
    method: Method,
    path: string,
    options: CallOptions = {},
  ): Promise<T | undefined> {
    let accessToken = await this.credentials.accessTokenFor(userId);
    let response = await this.send(accessToken, method, path, options);
    if (response.status === 401) {
      // Revoked or expired early: one refresh, one retry. A second 401 is not retried.
      accessToken = await this.credentials.forceRefresh(userId, accessToken);
      response = await this.send(accessToken, method, path, options);
    }
    if (response.status === 204 || (response.status < 300 && response.text.trim() === '')) {
      return undefined;
    }
    return this.parse<T>(response);
  }

  private send(
    accessToken: string,
    method: Method,
    path: string,
    { query, json }: CallOptions,
  ): Promise<SpotifyHttpResponse> {
    const url = new URL(this.url(path));
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return this.http.send({
      method,
      url: url.toString(),
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  }

  private parse<T>(response: SpotifyHttpResponse): T {
    if (response.status < 200 || response.status >= 300) throw this.http.apiError(response);
    try {
      return JSON.parse(response.text) as T;
    } catch {
      this.logger.warn(`Spotify answered ${response.status} with a body that is not JSON`);
      throw new SpotifyException(SpotifyError.UNAVAILABLE);
    }
  }

  private url(path: string): string {
    return `${this.config.spotify.apiUrl}${path}`;
  }

  private tracksOf(raws: ReadonlyArray<RawTrack | null>): SpotifyTrackInfo[] {
    return raws.map(toTrackInfo).filter((track): track is SpotifyTrackInfo => track !== null);
  }

  /** The cache is an optimisation: failing to write it must not fail the caller. */
  private async remember(found: SpotifyTrackInfo[]): Promise<void> {
    try {
      await this.tracks.store(found);
    } catch (error) {
      this.logger.warn(
        `Could not cache ${found.length} Spotify tracks: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
  }
}
