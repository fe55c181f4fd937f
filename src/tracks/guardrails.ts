import type { Room } from '../rooms/room.entity.js';
import type { SpotifyTrackInfo } from '../spotify/spotify.types.js';
import { TracksError, TracksException } from './tracks.exception.js';

/** The host's guardrails, as the room's row holds them. */
export type Guardrails = Pick<Room, 'explicitAllowed' | 'maxTrackSeconds' | 'maxPerArtist'>;

/** What a guardrail judges a track by: Spotify's track object, as the metadata cache keeps it. */
export type JudgedTrack = Pick<SpotifyTrackInfo, 'explicit' | 'durationMs' | 'artistIds'>;

/**
 * Thrown under the room's lock when the room has guardrails and the track's metadata was not
 * fetched beforehand (the guardrails were set meanwhile): the caller fetches it, outside the
 * lock, and tries again. Never reaches a client.
 */
export class UnjudgedTrack extends Error {
  constructor() {
    super('The track must be judged by the room’s guardrails: fetch its metadata first');
    this.name = UnjudgedTrack.name;
  }
}

export function hasGuardrails(rules: Guardrails): boolean {
  return !rules.explicitAllowed || rules.maxTrackSeconds !== null || rules.maxPerArtist !== null;
}

/**
 * Why the track may not enter the party (CONFLICT with reason EXPLICIT, TOO_LONG or
 * ARTIST_LIMIT), or null. `waiting` counts the room's QUEUED and READY tracks per artist id,
 * the track itself left out. Unknown (null) flags and durations break no rule: only what Spotify
 * says is judged.
 */
export function refusal(
  rules: Guardrails,
  track: JudgedTrack,
  waiting: ReadonlyMap<string, number>,
): TracksException | null {
  if (!rules.explicitAllowed && track.explicit === true) {
    return new TracksException(TracksError.EXPLICIT);
  }
  const { maxTrackSeconds, maxPerArtist } = rules;
  if (maxTrackSeconds !== null && track.durationMs !== null) {
    if (track.durationMs > maxTrackSeconds * 1000) {
      return new TracksException(
        TracksError.TOO_LONG,
        `This track is too long for this party: the host allows tracks of up to ${minutesAndSeconds(maxTrackSeconds)}`,
      );
    }
  }
  if (
    maxPerArtist !== null &&
    track.artistIds.some((id) => (waiting.get(id) ?? 0) >= maxPerArtist)
  ) {
    const tracks = maxPerArtist === 1 ? 'a track' : `${maxPerArtist} tracks`;
    return new TracksException(
      TracksError.ARTIST_LIMIT,
      `This artist already has ${tracks} waiting to play, as many as the host allows: pick another artist, or wait until one plays`,
    );
  }
  return null;
}

/**
 * Of the room's QUEUED and READY tracks, in the order they keep their place (READY first, in
 * queue order, then QUEUED, oldest first), the ones that break the guardrails: each track is judged
 * against those kept before it, so an artist keeps its first `maxPerArtist` tracks.
 */
export function breaking<T extends { track: JudgedTrack }>(rules: Guardrails, waiting: T[]): T[] {
  const kept = new Map<string, number>();
  const broken: T[] = [];
  for (const entry of waiting) {
    if (refusal(rules, entry.track, kept)) {
      broken.push(entry);
      continue;
    }
    for (const id of new Set(entry.track.artistIds)) kept.set(id, (kept.get(id) ?? 0) + 1);
  }
  return broken;
}

/** 450 → "7:30", 600 → "10 minutes", 45 → "45 seconds". */
function minutesAndSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (rest === 0) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `${minutes}:${String(rest).padStart(2, '0')}`;
}
