/**
 * Label values with a bounded set: every distinct value is a time series that Prometheus keeps,
 * so nothing a client chooses freely (paths, ids, operation names) becomes a label unchecked.
 */

/** Top-level paths the app serves; anything else is `other`. */
const KNOWN_ROUTES = new Set(['graphql', 'health', 'auth', 'metrics', 'playground', 'sandbox']);

export function routeLabel(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0];
  const first = path.split('/')[1] ?? '';
  return KNOWN_ROUTES.has(first) ? `/${first}` : 'other';
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names kept per process; the rest read `other`. */
export const MAX_OPERATION_NAMES = 200;

/** Operation names as clients send them, capped at MAX_OPERATION_NAMES distinct values. */
export class OperationNames {
  private readonly seen = new Set<string>();

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= MAX_OPERATION_NAMES) return 'other';
    this.seen.add(name);
    return name;
  }
}

/** Path segments that name an endpoint; any other segment is an id (a track, a user, a device). */
const ENDPOINT_WORDS = new Set([
  'v1',
  'api',
  'token',
  'search',
  'tracks',
  'me',
  'player',
  'play',
  'pause',
  'queue',
  'devices',
  'currently-playing',
  'next',
  'previous',
  'seek',
  'volume',
  'repeat',
  'shuffle',
  'recently-played',
  'playlists',
  'users',
  'albums',
  'artists',
  'audio-features',
  'top',
  'following',
  'authorize',
]);

/**
 * `GET /v1/tracks/{id}` for `GET https://api.spotify.com/v1/tracks/4uLU6hMCjMI75M1A2tKUQC`: the
 * method and the path with ids replaced; the sandbox's mount prefix is dropped, so the labels read
 * the same with the sandbox and with Spotify.
 */
export function spotifyEndpointLabel(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return `${method} (invalid url)`;
  }
  const segments = path.split('/').filter(Boolean);
  const start = segments.findIndex((s) => s === 'v1' || s === 'api');
  const kept = (start >= 0 ? segments.slice(start) : segments).map((segment) =>
    ENDPOINT_WORDS.has(segment) ? segment : '{id}',
  );
  return `${method} /${kept.join('/')}`;
}
