import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { hasSharedResult } from '../src/graphql/shared-result.decorator.js';
import { errorCode } from './support/graphql.js';
import { Channels } from '../src/realtime/channels.js';
import {
  addTrackOperation,
  closeRoomOperation,
  createRoom,
  createSpotifyUser,
  joinAsGuest,
  perform,
  roomTracksOperation,
  run,
  trackUri,
  voteOperation,
  voteUpdatedOperation,
  type VoteUpdate,
} from './support/factories.js';
import { subscribe, untilSubscribed, wsClient } from './support/subscriptions.js';
import { freshStorage, startTestApp, type TestApp } from './support/test-app.js';

const VOTE_UPDATE_FIELDS =
  'roomCode trackUri likes dislikes likeThreshold play thresholdReached seq at track { name }';

describe('Votes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('declares voteUpdated shared between subscribers in the served schema, roomUpdated not', () => {
    const fields = t.app.get(GraphQLSchemaHost).schema.getSubscriptionType()!.getFields();
    expect(hasSharedResult(fields.voteUpdated)).toBe(true);
    expect(hasSharedResult(fields.roomUpdated)).toBe(false);
  });

  it('registers a vote with the seed meaning, adding the track to the room', async () => {
    const { room } = await createRoom(t, 2);
    const guest = await joinAsGuest(t, room.code);
    const uri = trackUri('first');
    const response = await run(
      t,
      voteOperation({ code: room.code, trackUri: uri, isLike: true }),
      guest.token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.vote).toEqual({
      status: 'vote_registered',
      trackUri: uri,
      likes: 1,
      dislikes: 0,
      likeThreshold: 2,
      play: false,
      thresholdReached: false,
      track: {
        id: expect.any(String),
        uri,
        likes: 1,
        dislikes: 0,
        status: 'QUEUED',
        myVote: true,
        addedBy: { id: guest.userId },
      },
    });
  });

  it('keeps one vote per person: the same vote again changes nothing, another replaces it', async () => {
    const { room } = await createRoom(t, 5);
    const guest = await joinAsGuest(t, room.code);
    const uri = trackUri('revote');
    const vote = (isLike: boolean) =>
      run(t, voteOperation({ code: room.code, trackUri: uri, isLike }), guest.token);
    await vote(true);
    const again = await vote(true);
    expect(again.data!.vote).toMatchObject({ likes: 1, dislikes: 0 });
    const changed = await vote(false);
    expect(changed.data!.vote).toMatchObject({ likes: 0, dislikes: 1, track: { myVote: false } });
    const back = await vote(true);
    expect(back.data!.vote).toMatchObject({ likes: 1, dislikes: 0, track: { myVote: true } });
  });

  it('says thresholdReached once, on the vote that reached the threshold; play stays true', async () => {
    const { room } = await createRoom(t, 2);
    const uri = trackUri('threshold');
    const guests = await Promise.all([1, 2, 3].map((i) => joinAsGuest(t, room.code, `G${i}`)));
    const results = [];
    for (const guest of guests) {
      results.push(
        (await run(t, voteOperation({ code: room.code, trackUri: uri, isLike: true }), guest.token))
          .data!.vote,
      );
    }
    expect(results.map((r) => [r.likes, r.play, r.thresholdReached, r.track.status])).toEqual([
      [1, false, false, 'QUEUED'],
      [2, true, true, 'READY'],
      [3, true, false, 'READY'],
    ]);
    // A dislike and a new like afterwards do not announce it again.
    await perform(
      t,
      voteOperation({ code: room.code, trackUri: uri, isLike: false }),
      guests[0].token,
    );
    const relike = await run(
      t,
      voteOperation({ code: room.code, trackUri: uri, isLike: true }),
      guests[0].token,
    );
    expect(relike.data!.vote).toMatchObject({ likes: 3, thresholdReached: false, play: true });
  });

  it('counts 50 concurrent votes exactly, with exactly one thresholdReached in results and updates, in order', async () => {
    const { host, room } = await createRoom(t, 25);
    const uri = trackUri('concurrent');
    const guests = await Promise.all(
      Array.from({ length: 50 }, (_, i) => joinAsGuest(t, room.code, `Guest ${i}`)),
    );
    const client = wsClient(t.wsUrl, host.token);
    const updates = subscribe<VoteUpdate>(
      client,
      voteUpdatedOperation(room.code, VOTE_UPDATE_FIELDS),
    );
    await untilSubscribed(t.app, Channels.voteUpdated(room.id));

    const responses = await Promise.all(
      guests.map((g) =>
        run(t, voteOperation({ code: room.code, trackUri: uri, isLike: true }), g.token),
      ),
    );
    expect(responses.filter((r) => r.errors)).toEqual([]);
    expect(responses.filter((r) => r.data!.vote.thresholdReached)).toHaveLength(1);
    expect(Math.max(...responses.map((r) => r.data!.vote.likes as number))).toBe(50);

    const events = await updates.waitFor(50);
    expect(events).toHaveLength(50);
    expect(events.filter((e) => e.thresholdReached)).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(events.map((e) => e.likes)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(events.find((e) => e.thresholdReached)!.likes).toBe(25);
    expect(events[49]).toMatchObject({
      roomCode: room.code,
      trackUri: uri,
      likes: 50,
      likeThreshold: 25,
      play: true,
    });
    expect(new Date(events[49].at).getTime()).not.toBeNaN();
    await updates.dispose();

    const tracks = await run(t, roomTracksOperation(room.code), host.token);
    expect(tracks.data!.room.tracks).toEqual([
      {
        uri,
        likes: 50,
        dislikes: 0,
        status: 'READY',
        myVote: null,
        addedBy: { id: expect.any(String) },
      },
    ]);
  });

  it("lists tracks most likes first, then oldest first, with the caller's own vote and a status filter", async () => {
    const { room } = await createRoom(t, 2);
    const [a, b] = await Promise.all([
      joinAsGuest(t, room.code, 'A'),
      joinAsGuest(t, room.code, 'B'),
    ]);
    const [one, two, three] = [trackUri('one'), trackUri('two'), trackUri('three')];
    await perform(t, voteOperation({ code: room.code, trackUri: one, isLike: false }), a.token);
    await perform(t, voteOperation({ code: room.code, trackUri: two, isLike: true }), a.token);
    await perform(t, voteOperation({ code: room.code, trackUri: three, isLike: true }), a.token);
    await perform(t, voteOperation({ code: room.code, trackUri: three, isLike: true }), b.token);
    const all = await run(t, roomTracksOperation(room.code), b.token);
    expect(
      all.data!.room.tracks.map((x: { uri: string; myVote: boolean | null; status: string }) => [
        x.uri,
        x.myVote,
        x.status,
      ]),
    ).toEqual([
      [three, true, 'READY'],
      [two, null, 'QUEUED'],
      [one, null, 'QUEUED'],
    ]);
    const ready = await run(t, roomTracksOperation(room.code, { status: 'READY' }), a.token);
    expect(ready.data!.room.tracks.map((x: { uri: string }) => x.uri)).toEqual([three]);
  });

  it('validates the track URI', async () => {
    const { room } = await createRoom(t, 2);
    const guest = await joinAsGuest(t, room.code);
    for (const bad of [
      'spotify:track:short',
      'spotify:album:4uLU6hMCjMI75M1A2tKUQC',
      `${trackUri('x')}!`,
      '',
    ]) {
      const response = await run(
        t,
        voteOperation({ code: room.code, trackUri: bad, isLike: true }),
        guest.token,
      );
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0].message).toContain('trackUri');
    }
  });

  it('lets only participants of an open room vote', async () => {
    const { host, room } = await createRoom(t, 2);
    const { room: other } = await createRoom(t, 2);
    const outsider = await createSpotifyUser(t);
    const otherGuest = await joinAsGuest(t, other.code);
    const uri = trackUri('perm');
    const likeIn = (code: string, token?: string) =>
      run(t, voteOperation({ code, trackUri: uri, isLike: true }), token);
    expect(errorCode(await likeIn(room.code, outsider.token))).toBe('FORBIDDEN');
    expect(errorCode(await likeIn(room.code, otherGuest.token))).toBe('FORBIDDEN');
    expect(errorCode(await likeIn(room.code))).toBe('UNAUTHENTICATED');
    expect(errorCode(await likeIn('NOPE99', outsider.token))).toBe('NOT_FOUND');

    const guest = await joinAsGuest(t, room.code);
    await perform(t, closeRoomOperation(room.code), host.token);
    expect(errorCode(await likeIn(room.code, guest.token))).toBe('CONFLICT');
    const add = await run(t, addTrackOperation(room.code, uri, 'id'), guest.token);
    expect(errorCode(add)).toBe('CONFLICT');
  });

  it('adds a track without a vote', async () => {
    const { room } = await createRoom(t, 2);
    const guest = await joinAsGuest(t, room.code);
    const uri = trackUri('added');
    const first = await run(t, addTrackOperation(room.code, uri), guest.token);
    expect(first.data!.addTrack).toEqual({
      uri,
      likes: 0,
      dislikes: 0,
      status: 'QUEUED',
      myVote: null,
      addedBy: { id: guest.userId },
    });
    const again = await run(t, addTrackOperation(room.code, uri), guest.token);
    expect(again.data!.addTrack.uri).toBe(uri);
    const list = await run(t, roomTracksOperation(room.code), guest.token);
    expect(list.data!.room.tracks).toHaveLength(1);
  });

  it('pushes voteUpdated to participants only', async () => {
    const { room } = await createRoom(t, 2);
    const stranger = await createSpotifyUser(t);
    const refused = subscribe(
      wsClient(t.wsUrl, stranger.token),
      voteUpdatedOperation(room.code, VOTE_UPDATE_FIELDS),
    );
    await expect(refused.waitFor(1)).rejects.toThrow(/FORBIDDEN/);
    await refused.dispose();

    const anonymous = subscribe(
      wsClient(t.wsUrl, null),
      voteUpdatedOperation(room.code, VOTE_UPDATE_FIELDS),
    );
    await expect(anonymous.waitFor(1)).rejects.toThrow(/4403|Forbidden/);
    await anonymous.dispose().catch(() => undefined);
  });
});

describe('Votes survive a restart', () => {
  it('keeps rooms, votes and tallies when the app restarts on the same database', async () => {
    const storage = await freshStorage();
    const first = await startTestApp({
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
    });
    const { room } = await createRoom(first, 2);
    const guest = await joinAsGuest(first, room.code);
    const uri = trackUri('restart');
    await perform(
      first,
      voteOperation({ code: room.code, trackUri: uri, isLike: true }),
      guest.token,
    );
    await first.close();

    const second = await startTestApp({
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
    });
    try {
      const list = await run(second, roomTracksOperation(room.code), guest.token);
      expect(list.data!.room.tracks).toEqual([
        {
          uri,
          likes: 1,
          dislikes: 0,
          status: 'QUEUED',
          myVote: true,
          addedBy: { id: guest.userId },
        },
      ]);
      const again = await run(
        second,
        voteOperation({ code: room.code, trackUri: uri, isLike: true }),
        guest.token,
      );
      expect(again.data!.vote).toMatchObject({ likes: 1 });
    } finally {
      await second.close();
      await storage.cleanup();
    }
  });
});
