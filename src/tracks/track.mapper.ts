import type { TrackModel } from './models/track.model.js';

/** The Track fields of the API, from cached metadata or a fresh Spotify answer alike. */
export function toTrackModel(track: TrackModel): TrackModel;
export function toTrackModel(track: TrackModel | null | undefined): TrackModel | null;
export function toTrackModel(track: TrackModel | null | undefined): TrackModel | null {
  if (!track) return null;
  return {
    uri: track.uri,
    name: track.name,
    artists: track.artists,
    album: track.album,
    imageUrl: track.imageUrl,
    durationMs: track.durationMs,
    explicit: track.explicit,
  };
}
