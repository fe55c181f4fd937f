import { randomBytes } from 'node:crypto';
import { AuthTokenService } from '../../src/auth/auth-token.service.js';
import type { User } from '../../src/users/user.entity.js';
import { UsersService } from '../../src/users/users.service.js';
import { gql } from './graphql.js';
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

export const ROOM_FIELDS = `id code name likeThreshold status participantCount createdAt
  host { id displayName }
  participants { role user { id displayName isGuest email } }`;

export const createRoomOperation = (input: { likeThreshold: number; name?: string }) => ({
  query: `mutation($input: CreateRoomInput!) { createRoom(input: $input) { ${ROOM_FIELDS} } }`,
  variables: { input },
});

export const joinAsGuestOperation = (code: string, displayName: string) => ({
  query: `mutation($code: String!, $displayName: String!) {
    joinAsGuest(code: $code, displayName: $displayName) {
      accessToken expiresIn user { id displayName isGuest spotifyId email } room { id code }
    }
  }`,
  variables: { code, displayName },
});

export const voteOperation = (input: { code: string; trackUri: string; isLike: boolean }) => ({
  query: `mutation($input: VoteInput!) {
    vote(input: $input) {
      status trackUri likes dislikes likeThreshold play thresholdReached
      track { id uri likes dislikes status myVote addedBy { id } }
    }
  }`,
  variables: { input },
});

export async function run(
  t: TestApp,
  operation: { query: string; variables: Record<string, unknown> },
  token?: string,
) {
  return gql(t.url, operation.query, operation.variables, token);
}

/** Creates a room hosted by a new Spotify user. */
export async function createRoom(t: TestApp, likeThreshold = 3, host?: Actor) {
  const owner = host ?? (await createSpotifyUser(t));
  const response = await run(t, createRoomOperation({ likeThreshold }), owner.token);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return { host: owner, room: response.data.createRoom as { id: string; code: string } };
}

/** Joins a room as a guest; returns the guest's token and user id. */
export async function joinAsGuest(t: TestApp, code: string, displayName = 'Guest') {
  const response = await run(t, joinAsGuestOperation(code, displayName));
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  const session = response.data.joinAsGuest as { accessToken: string; user: { id: string } };
  return { token: session.accessToken, userId: session.user.id };
}
