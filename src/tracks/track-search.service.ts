import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { onBehalfOf } from '../spotify/spotify.exception.js';
import type { TrackModel } from './models/track.model.js';
import { toTrackModel } from './track.mapper.js';

const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 1000;

/**
 * Catalogue search through a Spotify account: the room host's when a room code is given (so guests
 * can search), else the caller's own. Identical searches are answered from a short-lived cache, so
 * a room typing the same query does not spend the app's Spotify rate limit.
 */
@Injectable()
export class TrackSearchService {
  private readonly cache = new Map<string, { at: number; tracks: TrackModel[] }>();

  constructor(
    private readonly rooms: RoomsService,
    private readonly spotify: SpotifyApiService,
  ) {}

  async search(
    caller: AuthUser,
    query: string,
    limit: number,
    code?: string | null,
  ): Promise<TrackModel[]> {
    const accountUserId = code
      ? (await this.rooms.getForParticipant(code, caller)).hostId
      : (await this.rooms.requireSpotifyUser(caller)).id;
    const key = `${accountUserId}\u0000${limit}\u0000${query.toLowerCase()}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.tracks;
    const found = await onBehalfOf(caller.id, accountUserId, () =>
      this.spotify.search(accountUserId, query, limit),
    );
    const tracks = found.map((track) => toTrackModel(track));
    this.remember(key, tracks);
    return tracks;
  }

  private remember(key: string, tracks: TrackModel[]): void {
    if (this.cache.size >= CACHE_MAX_ENTRIES) {
      // Map keeps insertion order: drop the oldest entry.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { at: Date.now(), tracks });
  }
}
