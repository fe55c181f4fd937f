import { gql } from './graphql.js';
import { LegacySocket, type LegacyMessage } from './websockets.js';

/** Operations of the moderation API (issue 14), shared by the single- and multi-instance tests. */
export const SET_ROLE = `mutation($c: String!, $u: ID!, $r: Role!) {
  setRole(code: $c, userId: $u, role: $r) { role user { id } }
}`;
export const REMOVE_PARTICIPANT = `mutation($c: String!, $u: ID!, $b: Boolean) {
  removeParticipant(code: $c, userId: $u, ban: $b)
}`;
export const REMOVE_TRACK = `mutation($c: String!, $t: String!) {
  removeTrack(code: $c, trackUri: $t) { uri status }
}`;
export const ADD_TRACK = `mutation($c: String!, $t: String!) {
  addTrack(code: $c, trackUri: $t) { uri status }
}`;
export const LOCK = `mutation($c: String!, $l: Boolean) { updateRoom(code: $c, locked: $l) { locked } }`;
export const JOIN_ROOM = `mutation($c: String!) { joinRoom(code: $c) { id } }`;
export const LEAVE_ROOM = `mutation($c: String!) { leaveRoom(code: $c) }`;
export const ROOM = `query($c: String!) {
  room(code: $c) { locked participantCount participants { role user { id } } }
}`;
export const MODERATION_LOG = `query($c: String!) {
  room(code: $c) { moderationLog { action actor { id } target { id } trackUri role at } }
}`;
export const TRACKS = `query($c: String!, $s: TrackStatus) {
  room(code: $c) { nowPlaying { uri } tracks(status: $s) { uri status } }
}`;
export const ROOM_UPDATED = `subscription($c: String!) {
  roomUpdated(code: $c) { locked participantCount participants { role user { id } } }
}`;
export const VOTE_UPDATED = `subscription($c: String!) { voteUpdated(code: $c) { trackUri likes seq } }`;
export const ME = `{ me { id } }`;

/** A GraphQL call as `token` against one instance. */
export function as(baseUrl: string, token: string) {
  return (query: string, variables: Record<string, unknown> = {}) =>
    gql(baseUrl, query, variables, token);
}

/** The `extensions.reason` of the first error. */
export function errorReason(response: {
  errors?: Array<{ extensions?: Record<string, any> }>;
}): string | undefined {
  return response.errors?.[0]?.extensions?.reason as string | undefined;
}

/** Rejects when `promise` has not settled within `ms`: "ends within a second". */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * graphql-ws does not acknowledge a subscription: `poke` (something that publishes to the feeds)
 * is repeated until every feed has seen an event, which proves the server registered them all.
 */
export async function primed(
  feeds: Array<{ waitFor(count: number, timeoutMs?: number): Promise<unknown> }>,
  poke: () => Promise<unknown>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await poke();
    try {
      await Promise.all(feeds.map((feed) => feed.waitFor(1, 300)));
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}

/**
 * A legacy-protocol (subscriptions-transport-ws) voteUpdated subscription of `token`, registered:
 * `poke` (a vote) is repeated until its first event arrived.
 */
export async function legacyVoteFeed(
  wsUrl: string,
  token: string,
  code: string,
  poke: () => Promise<unknown>,
) {
  const socket = await LegacySocket.open(wsUrl);
  socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  const ack = await socket.next();
  if (ack.type !== 'connection_ack') throw new Error(`Not acknowledged: ${JSON.stringify(ack)}`);
  socket.send({
    id: '1',
    type: 'start',
    payload: { query: VOTE_UPDATED, variables: { c: code } },
  });
  let first: LegacyMessage | undefined;
  for (let attempt = 1; !first; attempt++) {
    await poke();
    first = await socket.next(300).catch((error: unknown) => {
      if (attempt >= 20) throw error;
      return undefined;
    });
  }
  if (first.type !== 'data') throw new Error(`No data first: ${JSON.stringify(first)}`);
  return socket;
}

/** The next message that is not a data message: how the subscription ended. */
export async function legacyEnd(socket: LegacySocket): Promise<LegacyMessage> {
  for (;;) {
    const message = await socket.next(2000);
    if (message.type !== 'data') return message;
  }
}
