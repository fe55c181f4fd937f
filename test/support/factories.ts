import { randomBytes } from 'node:crypto';
import { AuthTokenService } from '../../src/auth/auth-token.service.js';
import type { User } from '../../src/users/user.entity.js';
import { UsersService } from '../../src/users/users.service.js';
import { dataOf, gql } from './graphql.js';
import type { TestApp } from './test-app.js';

export interface Actor {
  user: User;
  token: string;
}

/** A Spotify-linked user with a valid API token (no Spotify tokens stored). */
export async function createSpotifyUser(
  t: TestApp,
  overrides: Partial<{ spotifyId: string; displayName: string; email: string | null }> = {},
): Promise<Actor> {
  const spotifyId = overrides.spotifyId ?? `user-${randomBytes(4).toString('hex')}`;
  const user = await t.app.get(UsersService).upsertSpotifyUser({
    spotifyId,
    displayName: overrides.displayName ?? `User ${spotifyId}`,
    avatarUrl: null,
    email: overrides.email === undefined ? `${spotifyId}@example.com` : overrides.email,
  });
  return { user, token: t.app.get(AuthTokenService).issueForUser(user.id).accessToken };
}

/** 22 base62 characters, as Spotify track ids are. */
export function trackUri(seed = randomBytes(16).toString('hex')): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = Buffer.from(seed.padEnd(22, 'x'));
  let id = '';
  for (let i = 0; i < 22; i++) id += alphabet[(bytes[i % bytes.length] + i * 7) % 62];
  return `spotify:track:${id}`;
}

/** A GraphQL document and its variables, ready for `run` (HTTP) or `subscribe` (graphql-ws). */
export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

export const ROOM_FIELDS = `id code name likeThreshold status participantCount createdAt
  host { id displayName }
  participants { role user { id displayName isGuest email } }`;

export const ROOM_TRACK_FIELDS = 'uri likes dislikes status myVote addedBy { id }';

export const VOTE_RESULT_FIELDS = `status trackUri likes dislikes likeThreshold play thresholdReached
  track { id uri likes dislikes status myVote addedBy { id } }`;

// Queries

export const meOperation = (fields = 'id displayName isGuest'): Operation => ({
  query: `{ me { ${fields} } }`,
  variables: {},
});

export const myRoomsOperation = (fields = 'code'): Operation => ({
  query: `{ myRooms { ${fields} } }`,
  variables: {},
});

export const roomOperation = (code: string, fields = ROOM_FIELDS): Operation => ({
  query: `query($code: String!) { room(code: $code) { ${fields} } }`,
  variables: { code },
});

/** A room's tracks, optionally only those of one status. */
export const roomTracksOperation = (
  code: string,
  { status, fields = ROOM_TRACK_FIELDS }: { status?: string; fields?: string } = {},
): Operation => ({
  query: `query($code: String!, $status: TrackStatus) {
    room(code: $code) { tracks(status: $status) { ${fields} } }
  }`,
  variables: { code, status },
});

export const searchTracksOperation = (
  args: { query: string; code?: string; limit?: number },
  fields = 'uri name artists album imageUrl durationMs',
): Operation => ({
  query: `query($query: String!, $code: String, $limit: Int) {
    searchTracks(query: $query, code: $code, limit: $limit) { ${fields} }
  }`,
  variables: args,
});

// Mutations

export const createRoomOperation = (
  input: { likeThreshold: number; name?: string },
  fields = ROOM_FIELDS,
): Operation => ({
  query: `mutation($input: CreateRoomInput!) { createRoom(input: $input) { ${fields} } }`,
  variables: { input },
});

export const joinAsGuestOperation = (code: string, displayName: string): Operation => ({
  query: `mutation($code: String!, $displayName: String!) {
    joinAsGuest(code: $code, displayName: $displayName) {
      accessToken expiresIn user { id displayName isGuest spotifyId email } room { id code }
    }
  }`,
  variables: { code, displayName },
});

export const joinRoomOperation = (code: string, fields = 'id'): Operation => ({
  query: `mutation($code: String!) { joinRoom(code: $code) { ${fields} } }`,
  variables: { code },
});

export const leaveRoomOperation = (code: string): Operation => ({
  query: 'mutation($code: String!) { leaveRoom(code: $code) }',
  variables: { code },
});

export const updateRoomOperation = (
  code: string,
  changes: { name?: string; likeThreshold?: number },
  fields = 'id',
): Operation => ({
  query: `mutation($code: String!, $name: String, $likeThreshold: Int) {
    updateRoom(code: $code, name: $name, likeThreshold: $likeThreshold) { ${fields} }
  }`,
  variables: { code, ...changes },
});

export const closeRoomOperation = (code: string, fields = 'id status'): Operation => ({
  query: `mutation($code: String!) { closeRoom(code: $code) { ${fields} } }`,
  variables: { code },
});

export const addTrackOperation = (
  code: string,
  trackUri: string,
  fields = ROOM_TRACK_FIELDS,
): Operation => ({
  query: `mutation($code: String!, $trackUri: String!) {
    addTrack(code: $code, trackUri: $trackUri) { ${fields} }
  }`,
  variables: { code, trackUri },
});

export const addRandomTrackOperation = (code: string, fields = ROOM_TRACK_FIELDS): Operation => ({
  query: `mutation($code: String!) { addRandomTrack(code: $code) { ${fields} } }`,
  variables: { code },
});

export const playTrackOperation = (
  code: string,
  trackUri: string,
  fields = 'uri status',
): Operation => ({
  query: `mutation($code: String!, $trackUri: String!) {
    playTrack(code: $code, trackUri: $trackUri) { ${fields} }
  }`,
  variables: { code, trackUri },
});

export const voteOperation = (
  input: { code: string; trackUri: string; isLike: boolean },
  fields = VOTE_RESULT_FIELDS,
): Operation => ({
  query: `mutation($input: VoteInput!) { vote(input: $input) { ${fields} } }`,
  variables: { input },
});

// Subscriptions

/** A `voteUpdated` event as the schema's VoteUpdate has it (`at` serialised). */
export interface VoteUpdate {
  roomCode: string;
  trackUri: string;
  likes: number;
  dislikes: number;
  likeThreshold: number;
  play: boolean;
  thresholdReached: boolean;
  seq: number;
  at: string;
  track: { name: string } | null;
}

export const roomUpdatedOperation = (
  code: string,
  fields = 'code name participantCount',
): Operation => ({
  query: `subscription($code: String!) { roomUpdated(code: $code) { ${fields} } }`,
  variables: { code },
});

export const voteUpdatedOperation = (
  code: string,
  fields = 'roomCode trackUri likes dislikes likeThreshold play thresholdReached seq at',
): Operation => ({
  query: `subscription($code: String!) { voteUpdated(code: $code) { ${fields} } }`,
  variables: { code },
});

/** voteUpdated resumed after `afterSeq`: the missed updates first, then the live ones. */
export const voteUpdatedAfterOperation = (
  code: string,
  afterSeq: number,
  fields = 'roomCode trackUri likes dislikes likeThreshold play thresholdReached seq at',
): Operation => ({
  query: `subscription($code: String!, $afterSeq: Int) { voteUpdated(code: $code, afterSeq: $afterSeq) { ${fields} } }`,
  variables: { code, afterSeq },
});

/** Runs an operation over HTTP against any instance (in-process or spawned). */
export async function run(t: { url: string }, operation: Operation, token?: string) {
  return gql(t.url, operation.query, operation.variables, token);
}

/** Runs a setup step and returns its data; throws, naming the errors, when it fails. */
export async function perform(t: { url: string }, operation: Operation, token?: string) {
  return dataOf(await run(t, operation, token));
}

/** Creates a room hosted by a new Spotify user. */
export async function createRoom(t: TestApp, likeThreshold = 3, host?: Actor) {
  const owner = host ?? (await createSpotifyUser(t));
  const data = await perform(t, createRoomOperation({ likeThreshold }), owner.token);
  return { host: owner, room: data.createRoom as { id: string; code: string } };
}

/** Joins a room as a guest; returns the guest's token and user id. */
export async function joinAsGuest(t: TestApp, code: string, displayName = 'Guest') {
  const data = await perform(t, joinAsGuestOperation(code, displayName));
  const session = data.joinAsGuest as { accessToken: string; user: { id: string } };
  return { token: session.accessToken, userId: session.user.id };
}

/** The integers from `from` to `to`, both included. */
export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Casts `count` likes on fresh tracks, one after the other; answers the votes' results. */
export async function castVotes(
  t: { url: string },
  code: string,
  voter: Actor,
  count: number,
  seed: string,
): Promise<Array<{ trackUri: string; likes: number }>> {
  const results = [];
  for (let i = 0; i < count; i++) {
    const response = await run(
      t,
      voteOperation({ code, trackUri: trackUri(`${seed}-${i}`), isLike: true }),
      voter.token,
    );
    if (response.errors) throw new Error(`vote failed: ${JSON.stringify(response.errors)}`);
    results.push(response.data!.vote as { trackUri: string; likes: number });
  }
  return results;
}
