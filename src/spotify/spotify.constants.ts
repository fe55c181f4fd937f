import type { SpotifyTrackInfo } from './spotify.types.js';

/**
 * Lets the tracks service fetch through the API service without a circular import: the API
 * service caches through the tracks service, and the tracks service fetches through this token.
 */
export const SPOTIFY_TRACK_FETCHER = Symbol('SPOTIFY_TRACK_FETCHER');

export interface SpotifyTrackFetcher {
  getTrack(userId: string, uri: string): Promise<SpotifyTrackInfo>;
}
