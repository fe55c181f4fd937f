import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createRoom,
  createRoomOperation,
  joinAsGuest,
  type Operation,
  perform,
  run,
} from './support/factories.js';
import { errorCode } from './support/graphql.js';
import { loginAs } from './support/login.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const myPlaylists = (args = ''): Operation => ({
  query: `{ myPlaylists${args} { uri name trackCount imageUrl ownerName } }`,
  variables: {},
});

describe('myPlaylists (sandbox Spotify over HTTP)', () => {
  let t: TestApp;
  let alex: string;

  beforeAll(async () => {
    t = await startTestApp();
    alex = (await loginAs(t, 'dj-alex')).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists the caller's own and followed playlists, as Spotify lists them", async () => {
    const response = await run(t, myPlaylists(), alex);
    expect(response.errors).toBeUndefined();
    expect(response.data!.myPlaylists).toEqual([
      expect.objectContaining({ name: 'Party Starters', trackCount: 64, ownerName: 'DJ Alex' }),
      expect.objectContaining({ name: 'Late Night Chill', trackCount: 18, ownerName: 'DJ Alex' }),
      expect.objectContaining({ name: 'Throwbacks', trackCount: 25, ownerName: 'DJ Alex' }),
      expect.objectContaining({ name: 'Road Trip', trackCount: 30, ownerName: 'Casey Jordan' }),
    ]);
    for (const playlist of response.data!.myPlaylists as Array<{ uri: string }>) {
      expect(playlist).toMatchObject({ uri: expect.stringMatching(/^spotify:playlist:\w+$/) });
      expect(playlist).toHaveProperty('imageUrl', null);
    }
  });

  it('pages with limit and offset', async () => {
    const response = await run(t, myPlaylists('(limit: 2, offset: 1)'), alex);
    expect(response.errors).toBeUndefined();
    expect((response.data!.myPlaylists as Array<{ name: string }>).map((p) => p.name)).toEqual([
      'Late Night Chill',
      'Throwbacks',
    ]);
  });

  it('gives a playlist uri that startParty takes as the fallback', async () => {
    const { createRoom: room } = (await perform(
      t,
      createRoomOperation({ likeThreshold: 2 }),
      alex,
    )) as {
      createRoom: { code: string };
    };
    const [first] = (await run(t, myPlaylists('(limit: 1)'), alex)).data!.myPlaylists as Array<{
      uri: string;
    }>;
    const started = await run(
      t,
      {
        query: `mutation($code: String!, $uri: String) {
          startParty(code: $code, fallbackPlaylistUri: $uri) { fallbackPlaylistUri } }`,
        variables: { code: room.code, uri: first.uri },
      },
      alex,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data).toEqual({ startParty: { fallbackPlaylistUri: first.uri } });
  });

  it('is FORBIDDEN for guests, who have no Spotify account', async () => {
    const { room } = await createRoom(t, 2);
    const guest = await joinAsGuest(t, room.code, 'Sam');
    const response = await run(t, myPlaylists(), guest.token);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
  });

  it('needs a login', async () => {
    expect(errorCode(await run(t, myPlaylists()))).toBe('UNAUTHENTICATED');
  });

  it.each(['(limit: 0)', '(limit: 51)', '(offset: -1)'])(
    'refuses %s with BAD_USER_INPUT',
    async (args) => {
      const response = await run(t, myPlaylists(args), alex);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    },
  );
});
