import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CombinedGraphQLErrors, gql, type ApolloClient } from '@apollo/client';
import { JwtService } from '@nestjs/jwt';
import type { Client } from 'graphql-ws';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { AuthTokenService } from '../src/auth/auth-token.service.js';
import { createPartyClient } from './support/apollo.js';
import { createRoom, run, trackUri, voteOperation, type Actor } from './support/factories.js';
import { freshStorage, startTestApp, type TestApp } from './support/test-app.js';

const JOIN_AS_GUEST = gql`
  mutation JoinAsGuest($code: String!, $displayName: String!) {
    joinAsGuest(code: $code, displayName: $displayName) {
      accessToken
      user {
        id
        displayName
      }
    }
  }
`;

const ROOM = gql`
  query Room($code: String!) {
    room(code: $code) {
      id
      code
      likeThreshold
      tracks {
        id
        uri
        likes
        dislikes
        myVote
      }
    }
  }
`;

const VOTE = gql`
  mutation Vote($input: VoteInput!) {
    vote(input: $input) {
      likes
      thresholdReached
      track {
        id
        likes
        dislikes
        myVote
      }
    }
  }
`;

const VOTE_UPDATED = gql`
  subscription VoteUpdated($code: String!, $afterSeq: Int) {
    voteUpdated(code: $code, afterSeq: $afterSeq) {
      trackUri
      likes
      dislikes
      seq
    }
  }
`;

interface VoteUpdate {
  trackUri: string;
  likes: number;
  dislikes: number;
  seq: number;
}

/** Resolves once `predicate` holds, checking every 25 ms. */
async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Apollo Client 4 (HTTP + graphql-ws), as a guest', () => {
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let t: TestApp;
  let host: Actor;
  let code: string;
  let token: string | null = null;
  let client: ApolloClient;
  let socket: Client;
  let connections = 0;
  const cacheEntry = (id: string) => (client.cache.extract() as Record<string, unknown>)[id];

  /** voteUpdated through the client, its updates and errors collected as they come. */
  const subscribeToVotes = () => {
    const events: VoteUpdate[] = [];
    const errors: unknown[] = [];
    const subscription = client.subscribe({ query: VOTE_UPDATED, variables: { code } }).subscribe({
      next: ({ data, error }) => {
        if (error) errors.push(error);
        if (data) events.push((data as { voteUpdated: VoteUpdate }).voteUpdated);
      },
      error: (error: unknown) => errors.push(error),
    });
    return { events, errors, subscription };
  };

  beforeAll(async () => {
    storage = await freshStorage();
    t = await startTestApp({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir });
    ({
      host,
      room: { code },
    } = await createRoom(t, 3));
    ({ client, socket } = createPartyClient({
      url: `${t.url}/graphql`,
      getToken: () => token,
      webSocketImpl: WebSocket,
    }));
    socket.on('connected', () => connections++);
  });
  afterAll(async () => {
    client?.stop();
    await socket?.dispose();
    await t?.app.close();
    await storage?.cleanup();
  });

  it('joins as a guest without a token, then uses the token it got', async () => {
    const joined = await client.mutate({
      mutation: JOIN_AS_GUEST,
      variables: { code, displayName: 'Apollo Guest' },
    });
    const session = (
      joined.data as { joinAsGuest: { accessToken: string; user: { displayName: string } } }
    ).joinAsGuest;
    expect(session.user.displayName).toBe('Apollo Guest');
    token = session.accessToken;

    const { data } = await client.query({ query: ROOM, variables: { code } });
    expect(data).toEqual({
      room: { __typename: 'Room', id: expect.any(String), code, likeThreshold: 3, tracks: [] },
    });
  });

  it('updates the normalized cache from the vote mutation, with no refetch', async () => {
    const uri = trackUri('apollo-cache');
    // The host adds the track with a like; the guest's query puts it in the cache.
    expect(
      (await run(t, voteOperation({ code, trackUri: uri, isLike: true }), host.token)).errors,
    ).toBeUndefined();
    const before = await client.query({
      query: ROOM,
      variables: { code },
      fetchPolicy: 'network-only',
    });
    const [track] = (before.data as { room: { tracks: Array<{ id: string; likes: number }> } }).room
      .tracks;
    expect(track).toMatchObject({ uri, likes: 1, myVote: null });
    expect(cacheEntry(`RoomTrack:${track.id}`)).toMatchObject({ likes: 1 });

    const voted = await client.mutate({
      mutation: VOTE,
      variables: { input: { code, trackUri: uri, isLike: true } },
    });
    expect(voted.data).toMatchObject({
      vote: { likes: 2, thresholdReached: false, track: { id: track.id, likes: 2, myVote: true } },
    });
    // The mutation's RoomTrack (same __typename and id) merged into the entry the query holds.
    expect(cacheEntry(`RoomTrack:${track.id}`)).toMatchObject({
      __typename: 'RoomTrack',
      id: track.id,
      uri,
      likes: 2,
      dislikes: 0,
      myVote: true,
    });
    const cached = await client.query({
      query: ROOM,
      variables: { code },
      fetchPolicy: 'cache-only',
    });
    expect((cached.data as { room: { tracks: unknown[] } }).room.tracks).toEqual([
      expect.objectContaining({ id: track.id, likes: 2, myVote: true }),
    ]);
  });

  it('reports API errors with their code', async () => {
    const failure = client.mutate({
      mutation: VOTE,
      variables: { input: { code: 'NOROOM', trackUri: trackUri('x'), isLike: true } },
    });
    await expect(failure).rejects.toBeInstanceOf(CombinedGraphQLErrors);
    const error = (await failure.catch((e: unknown) => e)) as CombinedGraphQLErrors;
    expect(error.errors).toEqual([
      expect.objectContaining({
        path: ['vote'],
        extensions: { code: 'NOT_FOUND', reason: 'ROOM_NOT_FOUND' },
      }),
    ]);
  });

  it('receives voteUpdated and, after a server restart, the votes it missed, then the live ones', async () => {
    const { events, errors, subscription } = subscribeToVotes();
    const vote = async (seed: string, isLike: boolean, app = t) => {
      const response = await run(
        app,
        voteOperation({ code, trackUri: trackUri(seed), isLike }),
        host.token,
      );
      expect(response.errors).toBeUndefined();
    };
    try {
      await until(() => connections === 1, 'the first connection');
      await new Promise((resolve) => setTimeout(resolve, 200));

      await vote('apollo-live-1', true);
      await until(() => events.length === 1, 'the first event');
      expect(events[0]).toEqual({
        __typename: 'VoteUpdate',
        trackUri: trackUri('apollo-live-1'),
        likes: 1,
        dislikes: 0,
        seq: expect.any(Number),
      });
      const firstSeq = events[0].seq;

      // Restart: the old instance closes every socket (1001). While its port is down, another
      // instance on the same data takes two votes; then a new one takes the port.
      const port = t.port;
      const data = { databaseUrl: storage.databaseUrl, dataDir: storage.dataDir };
      await t.app.close();
      const other = await startTestApp(data);
      await vote('apollo-missed-1', false, other);
      await vote('apollo-missed-2', true, other);
      await other.app.close();
      expect(connections).toBe(1);
      t = await startTestApp({ port, ...data });

      // Reconnected, the factory resumes after the last seq it delivered: the missed votes come.
      await until(() => events.length === 3, 'the missed events after the reconnection');
      expect(connections).toBe(2);
      await vote('apollo-live-2', true);
      await until(() => events.length === 4, 'a live event after the reconnection');
      expect(events.map((e) => [e.seq - firstSeq, e.trackUri, e.likes, e.dislikes])).toEqual([
        [0, trackUri('apollo-live-1'), 1, 0],
        [1, trackUri('apollo-missed-1'), 0, 1],
        [2, trackUri('apollo-missed-2'), 1, 0],
        [3, trackUri('apollo-live-2'), 1, 0],
      ]);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('is closed with 4403 when its token expires and, given a new token, goes on where it was', async () => {
    const jwt = t.app.get(JwtService);
    const guest = jwt.decode<{ sub: string; room: string }>(token!);
    const { events, errors, subscription } = subscribeToVotes();
    const closeCodes: number[] = [];
    const offClosed = socket.on('closed', (event) => {
      const { code: closeCode } = event as { code: number };
      closeCodes.push(closeCode);
      // What an app does when its token has expired: it gets a new one (a guest joins again; here
      // the same guest's session, issued anew), which the next retry sends.
      if (closeCode === 4403) {
        token = t.app.get(AuthTokenService).issueForGuest(guest.sub, guest.room).accessToken;
      }
    });
    const vote = async (seed: string) => {
      const response = await run(
        t,
        voteOperation({ code, trackUri: trackUri(seed), isLike: true }),
        host.token,
      );
      expect(response.errors).toBeUndefined();
    };
    try {
      await until(() => connections > 0, 'a connection');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await vote('apollo-expiring-1');
      await until(() => events.length === 1, 'the first event');
      const before = connections;
      // The socket comes back with a token that expires in about two seconds.
      token = jwt.sign({ sub: guest.sub, guest: true, room: guest.room }, { expiresIn: 2 });
      socket.terminate();
      await until(() => connections === before + 1, 'the connection with the short token');

      await until(() => closeCodes.includes(4403), 'the server closing the expired socket');
      await vote('apollo-expiring-2');
      await until(() => events.length === 2, 'the vote cast while the token was renewed');
      expect(connections).toBe(before + 2);
      expect(events.map((e) => [e.seq - events[0].seq, e.trackUri])).toEqual([
        [0, trackUri('apollo-expiring-1')],
        [1, trackUri('apollo-expiring-2')],
      ]);
      expect(errors).toEqual([]);
    } finally {
      offClosed();
      subscription.unsubscribe();
    }
  }, 30_000);
});

describe("The client guide's Apollo Client factory", () => {
  it('is the very factory these tests use', () => {
    const guide = readFileSync(new URL('../docs/client-guide.md', import.meta.url), 'utf8');
    const factory = readFileSync(new URL('./support/apollo.ts', import.meta.url), 'utf8');
    // Everything but the first line, the comment that points at the guide.
    const code = factory.slice(factory.indexOf('\n') + 1).trim();
    expect(guide).toContain(`\`\`\`ts\n${code}\n\`\`\``);
  });
});
