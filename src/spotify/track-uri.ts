import { SpotifyError, SpotifyException } from './spotify.exception.js';

const TRACK_ID = /^[0-9A-Za-z]{22}$/;
/** The one accepted form of a track in the API: `spotify:track:` + 22 base62 characters. */
export const TRACK_URI_PATTERN = /^spotify:track:([0-9A-Za-z]{22})$/;
export const TRACK_URI_MESSAGE = 'trackUri must be spotify:track: followed by 22 letters or digits';
const TRACK_LINK =
  /^https:\/\/open\.spotify\.com\/(?:intl-[a-z-]+\/)?track\/([0-9A-Za-z]{22})(?:[/?#].*)?$/;

/** The track id from a `spotify:track:` uri, an open.spotify.com link or a bare id. */
export function trackIdOf(uriOrId: string): string {
  const value = uriOrId.trim();
  const id = TRACK_ID.test(value)
    ? value
    : (TRACK_URI_PATTERN.exec(value)?.[1] ?? TRACK_LINK.exec(value)?.[1]);
  if (!id) {
    throw new SpotifyException(
      SpotifyError.BAD_REQUEST,
      `Not a Spotify track: expected spotify:track:<22-character id>`,
    );
  }
  return id;
}

/** The canonical `spotify:track:<id>` form of any accepted track reference. */
export function trackUriOf(uriOrId: string): string {
  return `spotify:track:${trackIdOf(uriOrId)}`;
}
