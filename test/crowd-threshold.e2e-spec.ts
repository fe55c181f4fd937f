import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Channels } from '../src/realtime/channels.js';
import {
  createRoom,
  createSpotifyUser,
  joinAsGuest,
  joinRoomOperation,
  leaveRoomOperation,
  perform,
  roomUpdatedOperation,
  trackUri,
  voteOperation,
  voteUpdatedOperation,
  type VoteUpdate,
} from './support/factories.js';
import { dataOf, gql } from './support/graphql.js';
import { eventually } from './support/eventually.js';
import { subscribe, untilSubscribed, wsClient, type Collected } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A short presence window, so that operations stop counting within the test. */
const PRESENCE_ENV = { PRESENCE_WINDOW_MS: '1000', PRESENCE_HEARTBEAT_MS: '200' };

const THRESHOLD = 'likeThreshold likeShare effectiveLikeThreshold activeParticipantCount';
const UPDATE = `mutation($code: String!, $likeThreshold: Int, $likeShare: Float, $name: String) {
  updateRoom(code: $code, likeThreshold: $likeThreshold, likeShare: $likeShare, name: $name) {
    ${THRESHOLD}
  }
}`;
const ROOM = `query($c: String!) {
  room(code: $c) { ${THRESHOLD} queue { uri } tracks { uri status likes } }
}`;
const UPDATE_FIELDS =
  'trackUri likes dislikes likeThreshold play thresholdReached status seq track { uri }';

interface Threshold {
  likeThreshold: number;
  likeShare: number | null;
  effectiveLikeThreshold: number;
  activeParticipantCount: number;
}
interface RoomRead extends Threshold {
  queue: Array<{ uri: string }>;
  tracks: Array<{ uri: string; status: string; likes: number }>;
}
type Update = VoteUpdate & { status: string };

describe('A threshold that follows the crowd, and what a lower one promotes (issue 13)', () => {
  let t: TestApp;
  const feeds: Array<Collected<unknown>> = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { ...PRESENCE_ENV, RATE_LIMIT_GUEST_JOIN: '1000' } });
  });
  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.dispose()));
  });
  afterAll(async () => {
    await t.close();
  });

  const updateRoom = async (token: string, variables: Record<string, unknown>) =>
    dataOf(await gql(t.url, UPDATE, variables, token)).updateRoom as Threshold;
  const readRoom = async (token: string, code: string) =>
    dataOf(await gql(t.url, ROOM, { c: code }, token)).room as RoomRead;
  const vote = async (token: string, code: string, uri: string, isLike = true) =>
    (await perform(t, voteOperation({ code, trackUri: uri, isLike }), token)).vote as {
      likes: number;
      likeThreshold: number;
      play: boolean;
      thresholdReached: boolean;
    };
  /** Live voteUpdated events of the room, as `token` sees them; resolves once the server listens. */
  const updatesOf = async (token: string, roomId: string, code: string, listening: number) => {
    const feed = subscribe<Update>(
      wsClient(t.wsUrl, token),
      voteUpdatedOperation(code, UPDATE_FIELDS),
    );
    feeds.push(feed);
    await untilSubscribed(t.app, Channels.voteUpdated(roomId), listening);
    return feed;
  };
  const guests = (code: string, count: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => joinAsGuest(t, code, `Guest ${i + 1}`)));

  it('promotes each QUEUED track that reaches a lowered likeThreshold once, with its own seq; raising demotes nothing', async () => {
    const { host, room } = await createRoom(t, 5);
    const [g1, g2, g3] = await guests(room.code, 3);
    const feed = await updatesOf(host.token, room.id, room.code, 1);
    // Four tracks below the threshold of 5, with 4, 3, 2 and 1 likes.
    const [four, three, two, one] = [trackUri(), trackUri(), trackUri(), trackUri()];
    const voters = [host, g1, g2, g3];
    for (const [uri, likes] of [
      [four, 4],
      [three, 3],
      [two, 2],
      [one, 1],
    ] as const) {
      for (const voter of voters.slice(0, likes)) await vote(voter.token, room.code, uri);
    }
    await feed.waitFor(10);

    expect(await updateRoom(host.token, { code: room.code, likeThreshold: 3 })).toMatchObject({
      likeThreshold: 3,
      effectiveLikeThreshold: 3,
    });
    await feed.waitFor(12);
    // Promoted before updateRoom answered: most liked first, each its own update and seq.
    expect(feed.events.slice(10)).toEqual([
      expect.objectContaining({
        trackUri: four,
        likes: 4,
        likeThreshold: 3,
        play: true,
        thresholdReached: true,
        status: 'READY',
        seq: 11,
      }),
      expect.objectContaining({ trackUri: three, likes: 3, thresholdReached: true, seq: 12 }),
    ]);
    const lowered = await readRoom(host.token, room.code);
    expect(lowered.queue.map((q) => q.uri)).toEqual([four, three]);
    expect(lowered.tracks.filter((x) => x.status === 'QUEUED').map((x) => x.uri)).toEqual([
      two,
      one,
    ]);

    // Raising it demotes nothing; the next update is the next vote's, so nothing was pushed meanwhile.
    expect(await updateRoom(host.token, { code: room.code, likeThreshold: 10 })).toMatchObject({
      effectiveLikeThreshold: 10,
    });
    await updateRoom(host.token, { code: room.code, likeThreshold: 10, name: 'Same threshold' });
    const after = await vote(g3.token, room.code, two);
    expect(after).toMatchObject({
      likes: 3,
      likeThreshold: 10,
      play: false,
      thresholdReached: false,
    });
    await feed.waitFor(13);
    expect(feed.events[12]).toMatchObject({ trackUri: two, seq: 13, thresholdReached: false });
    const raised = await readRoom(host.token, room.code);
    expect(raised.queue.map((q) => q.uri)).toEqual([four, three]);

    // Lowered again: only what reaches it now, once.
    await updateRoom(host.token, { code: room.code, likeThreshold: 3 });
    await feed.waitFor(14);
    expect(feed.events[13]).toMatchObject({ trackUri: two, seq: 14, thresholdReached: true });
    expect(feed.events.filter((e) => e.thresholdReached).map((e) => e.trackUri)).toEqual([
      four,
      three,
      two,
    ]);
  });

  it('follows the active participants with likeShare: votes count against the threshold in force, and a lower one promotes', async () => {
    const { host, room } = await createRoom(t, 10);
    const joined = await guests(room.code, 4);
    // The host and four guests each hold a subscription: five active, 0.6 × 5 → 3.
    const hostFeed = await updatesOf(host.token, room.id, room.code, 1);
    const guestFeeds = [];
    for (const [i, guest] of joined.entries()) {
      guestFeeds.push(await updatesOf(guest.token, room.id, room.code, i + 2));
    }
    expect(await updateRoom(host.token, { code: room.code, likeShare: 0.6 })).toMatchObject({
      likeThreshold: 10,
      likeShare: 0.6,
      effectiveLikeThreshold: 3,
      activeParticipantCount: 5,
    });

    const uri = trackUri();
    expect(await vote(joined[0].token, room.code, uri)).toMatchObject({
      likes: 1,
      likeThreshold: 3,
      play: false,
    });
    expect(await vote(joined[1].token, room.code, uri)).toMatchObject({
      likes: 2,
      likeThreshold: 3,
      thresholdReached: false,
    });
    await hostFeed.waitFor(2);

    // Two phones drop: once their operations leave the window, three are active: 0.6 × 3 → 2,
    // and the track with 2 likes is promoted, pushed once.
    await Promise.all([guestFeeds[2].dispose(), guestFeeds[3].dispose()]);
    await hostFeed.waitFor(3, 10_000);
    expect(hostFeed.events[2]).toMatchObject({
      trackUri: uri,
      likes: 2,
      likeThreshold: 2,
      play: true,
      thresholdReached: true,
      status: 'READY',
      seq: 3,
    });
    expect(await readRoom(host.token, room.code)).toMatchObject({
      effectiveLikeThreshold: 2,
      activeParticipantCount: 3,
      queue: [{ uri }],
    });

    // A guest who leaves stops counting at once: 0.6 × 2 → 2 (no change, nothing pushed).
    await perform(t, leaveRoomOperation(room.code), joined[1].token);
    expect(await readRoom(host.token, room.code)).toMatchObject({
      effectiveLikeThreshold: 2,
      activeParticipantCount: 2,
    });
    // Clearing likeShare brings the room's own threshold back.
    expect(await updateRoom(host.token, { code: room.code, likeShare: null })).toMatchObject({
      likeShare: null,
      effectiveLikeThreshold: 10,
    });
    // Raising never demoted the READY track; exactly one promotion was pushed.
    expect(await readRoom(host.token, room.code)).toMatchObject({ queue: [{ uri }] });
    expect(hostFeed.events.filter((e) => e.thresholdReached)).toHaveLength(1);
  });

  it('counts a participant who only called an operation for the window, and one with a live subscription for as long as it lives', async () => {
    const { host, room } = await createRoom(t, 4);
    const [guest] = await guests(room.code, 1);
    const active = async () => (await readRoom(host.token, room.code)).activeParticipantCount;
    // The host's own reads keep the host counted. The guest joined: counted for the window.
    expect(await active()).toBe(2);
    await eventually(async () => (await active()) === 1, { what: 'the guest to age out' });
    const feed = await updatesOf(guest.token, room.id, room.code, 1);
    await eventually(async () => (await active()) === 2, { what: 'the subscriber to count' });
    await feed.dispose();
    await eventually(async () => (await active()) === 1, { what: 'the subscriber to go' });
  });
});

describe('Joins, leaves and removals apply the crowd threshold before they answer (issue 23)', () => {
  let t: TestApp;
  const feeds: Array<Collected<unknown>> = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_GUEST_JOIN: '1000' } });
  });
  afterAll(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.dispose()));
    await t.close();
  });

  const FIELDS = 'likeShare effectiveLikeThreshold activeParticipantCount';
  /** What every answer and every pushed room must satisfy, with the count it shows. */
  const expectFormula = (seen: {
    effectiveLikeThreshold: number;
    activeParticipantCount: number;
  }) =>
    expect(seen.effectiveLikeThreshold).toBe(
      Math.max(1, Math.ceil(0.5 * seen.activeParticipantCount)),
    );
  const readRoom = async (token: string, code: string) =>
    (
      await perform(
        t,
        { query: `query($c: String!) { room(code: $c) { ${FIELDS} } }`, variables: { c: code } },
        token,
      )
    ).room as Threshold;

  it('answers each join, leave and removal with the threshold of the count it shows, and pushes the same', async () => {
    const { host, room } = await createRoom(t, 10);
    await perform(t, { query: UPDATE, variables: { code: room.code, likeShare: 0.5 } }, host.token);
    const pushed = subscribe<Threshold>(
      wsClient(t.wsUrl, host.token),
      roomUpdatedOperation(room.code, FIELDS),
    );
    feeds.push(pushed);
    await untilSubscribed(t.app, Channels.roomUpdated(room.id), 1);
    const joined: Array<{ token: string; userId: string }> = [];
    for (let count = 2; count <= 7; count++) {
      // Guests with a session, and one Spotify user through joinRoom.
      let answer: Threshold;
      if (count === 4) {
        const user = await createSpotifyUser(t);
        answer = (await perform(t, joinRoomOperation(room.code, FIELDS), user.token))
          .joinRoom as Threshold;
        joined.push({ token: user.token, userId: user.user.id });
      } else {
        const session = (
          await perform(t, {
            query: `mutation($c: String!, $n: String!) { joinAsGuest(code: $c, displayName: $n) { accessToken user { id } room { ${FIELDS} } } }`,
            variables: { c: room.code, n: `Guest ${count}` },
          })
        ).joinAsGuest as { accessToken: string; user: { id: string }; room: Threshold };
        answer = session.room;
        joined.push({ token: session.accessToken, userId: session.user.id });
      }
      expect(answer).toMatchObject({ activeParticipantCount: count });
      expectFormula(answer);
      // The very next read agrees.
      expect(await readRoom(host.token, room.code)).toMatchObject({
        activeParticipantCount: count,
        effectiveLikeThreshold: Math.ceil(0.5 * count),
      });
      await eventually(() => pushed.events.some((e) => e.activeParticipantCount === count), {
        what: `a pushed room with ${count} active`,
      });
    }

    // 7 → 6 (a guest leaves) → 5 (the host removes one): 4, 3, 3.
    await perform(t, leaveRoomOperation(room.code), joined[0].token);
    expect(await readRoom(host.token, room.code)).toMatchObject({
      activeParticipantCount: 6,
      effectiveLikeThreshold: 3,
    });
    await eventually(() => pushed.events.some((e) => e.activeParticipantCount === 6), {
      what: 'a pushed room with 6 active',
    });
    await perform(
      t,
      {
        query: 'mutation($c: String!, $u: ID!) { removeParticipant(code: $c, userId: $u) }',
        variables: { c: room.code, u: joined[1].userId },
      },
      host.token,
    );
    expect(await readRoom(host.token, room.code)).toMatchObject({
      activeParticipantCount: 5,
      effectiveLikeThreshold: 3,
    });
    await eventually(() => pushed.events.some((e) => e.activeParticipantCount === 5), {
      what: 'a pushed room with 5 active',
    });
    expect(pushed.errors).toEqual([]);
    for (const event of pushed.events) expectFormula(event);
  });
});
