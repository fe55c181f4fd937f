export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Exact strings, as registered in Spotify's dashboard. */
  redirectUris: string[];
}

export interface SandboxOptions {
  clients?: SandboxClient[];
  tokenLifetimeSeconds?: number;
  codeLifetimeSeconds?: number;
}

export interface SandboxSettings {
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  refreshTokenRotation: 'always' | 'never';
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
  status: number;
  /** ISO timestamp of when the request arrived. */
  at: string;
}

export interface SandboxPlayerView {
  isPlaying: boolean;
  /** Track URI, or null when nothing has been played. */
  item: string | null;
  progressMs: number;
  activeDeviceId: string | null;
  /** Tracks added with POST /me/player/queue that have not started yet. */
  queue: string[];
  /** Every track URI that started playing, in order. */
  history: string[];
}

export const DEFAULT_SANDBOX_CLIENT: SandboxClient = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  redirectUris: ['http://127.0.0.1:3000/auth/callback'],
};
