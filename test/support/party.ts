import { gql } from './graphql.js';

/** The sandbox's control API (test-only) at `controlUrl`. */
export function sandboxControl(controlUrl: string) {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${controlUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as any;
    if (response.status >= 400) {
      throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    }
    return json;
  };
  return {
    call,
    /** Web API requests of our app, oldest first, filtered by method and path prefix. */
    requests: async (
      method: string,
      path: string,
      account = 'dj-alex',
    ): Promise<Array<{ method: string; path: string; at: string; status: number }>> => {
      const query = new URLSearchParams({ method, path, account });
      return (await call(`/requests?${query.toString()}`)).requests;
    },
    player: (account = 'dj-alex') => call(`/player/${account}`),
    /** The host acts in their own Spotify app (not a Web API call of ours). */
    hostApp: (action: string, body: Record<string, unknown> = {}, account = 'dj-alex') =>
      call(`/accounts/${account}/player/${action}`, body),
    device: (deviceId: string, power: 'on' | 'off', account = 'dj-alex') =>
      call(`/accounts/${account}/devices/${deviceId}/${power}`, {}),
  };
}

export type SandboxControl = ReturnType<typeof sandboxControl>;

export const PLAYBACK_FIELDS = `autoplay fallbackPlaylistUri
  playback { state reason progressMs observedAt deviceName track { uri status playedAt readyAt } next { uri } }
  queue { uri status readyAt }
  history { uri status playedAt }`;

export interface PartyView {
  autoplay: boolean;
  fallbackPlaylistUri: string | null;
  playback: {
    state: string;
    reason: string | null;
    progressMs: number | null;
    observedAt: string | null;
    deviceName: string | null;
    track: { uri: string; status: string; playedAt: string | null } | null;
    next: { uri: string } | null;
  };
  queue: Array<{ uri: string; status: string; readyAt: string | null }>;
  history: Array<{ uri: string; status: string; playedAt: string | null }>;
}

export async function partyView(baseUrl: string, code: string, token: string): Promise<PartyView> {
  const response = await gql(
    baseUrl,
    `query($c: String!) { room(code: $c) { ${PLAYBACK_FIELDS} } }`,
    { c: code },
    token,
  );
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.room as PartyView;
}

/** Polls `read` until `done` holds (no fixed sleep: returns as soon as it does). */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The driver's intervals, short for tests (production defaults: README, "Running a party"). */
export const PLAYBACK_ENV = {
  PLAYBACK_POLL_MS: '1000',
  PLAYBACK_DEVICE_POLL_MS: '1000',
  PLAYBACK_LEASE_MS: '3000',
  PLAYBACK_BACKOFF_MS: '500',
  PLAYBACK_BACKOFF_MAX_MS: '2000',
};

/** The Web API path of a play command, as the sandbox's request log records it. */
export const PLAY = '/v1/me/player/play';
