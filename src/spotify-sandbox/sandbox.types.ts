export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Exact strings, as registered in Spotify's dashboard. */
  redirectUris: string[];
}

/** Milliseconds since the epoch, as Date.now() gives them. */
export type SandboxClock = () => number;

export interface SandboxOptions {
  clients?: SandboxClient[];
  tokenLifetimeSeconds?: number;
  codeLifetimeSeconds?: number;
  /** Every track lasts this long (and says so in `duration_ms`); unset: the catalogue's durations. */
  trackDurationMs?: number;
  /** The sandbox's only notion of time (tokens, codes, players); Date.now by default. */
  now?: SandboxClock;
}

export interface SandboxSettings {
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  refreshTokenRotation: 'always' | 'never';
  /** null: every track lasts its catalogue duration. */
  trackDurationMs: number | null;
}

/** What a test asks for: "the next `count` requests matching method + path prefix behave like this". */
export interface SandboxFaultInput {
  method?: string;
  /** Prefix relative to the sandbox root, e.g. "/v1/search" or "/accounts/api/token". */
  path: string;
  status?: number;
  /** An object is sent as JSON, a string as is. */
  body?: unknown;
  contentType?: string;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Delay before answering (or before the real answer when no status is set). */
  delayMs?: number;
  /** How many matching requests it affects; default 1. */
  count?: number;
}

export interface SandboxFault extends SandboxFaultInput {
  id: string;
  remaining: number;
}

export interface SandboxRequestRecord {
  method: string;
  /** Relative to the sandbox root, without the query string. */
  path: string;
  /** The query parameters (the first value of each). */
  query: Record<string, string>;
  /** The demo account whose access token came with the request (valid or not); null without one. */
  account: string | null;
  status: number;
  /** ISO timestamp of when the request arrived (on the sandbox's clock). */
  at: string;
}

export interface SandboxPlayerView {
  isPlaying: boolean;
  /** Track URI, or null when nothing has been played. */
  item: string | null;
  progressMs: number;
  /** How long the current track lasts (the track-duration setting included); 0 without one. */
  durationMs: number;
  activeDeviceId: string | null;
  /** The playlist or album URI playing as the context; null for a list of uris or nothing. */
  context: string | null;
  /** Tracks added with POST /me/player/queue that have not started yet. */
  queue: string[];
  /** What the context plays after the current track (or after the queue), in order. */
  upNext: string[];
  /** Every track URI that started playing, in order. */
  history: string[];
  /** When the playback state last changed (ms since the epoch, the sandbox's clock). */
  changedAt: number;
}

export const DEFAULT_SANDBOX_CLIENT: SandboxClient = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  redirectUris: ['http://127.0.0.1:3000/auth/callback'],
};
