/** A playlist in the API: `spotify:playlist:` and its id. */
export const PLAYLIST_URI = /^spotify:playlist:([0-9A-Za-z]{1,64})$/;

/** The playlist id of a `spotify:playlist:` uri, or null. */
export function playlistIdOf(uri: string): string | null {
  return PLAYLIST_URI.exec(uri.trim())?.[1] ?? null;
}
