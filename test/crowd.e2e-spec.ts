import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Channels } from '../src/realtime/channels.js';
import {
  addTrackOperation,
  createRoom,
  joinAsGuest,
  run,
  trackUri,
  voteOperation,
  voteUpdatedOperation,
} from './support/factories.js';
import { eventually } from './support/eventually.js';
import { dataOf, errorCode, gql } from './support/graphql.js';
import { errorReason, SET_ROLE } from './support/moderation.js';
import { subscribe, untilSubscribed, wsClient } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SETTINGS =
  'skipThreshold likeShare maxQueuedPerParticipant fallbackPlaylistUri likeThreshold';

const UPDATE = `mutation($code: String!, $skipThreshold: Int, $likeShare: Float,
  $maxQueuedPerParticipant: Int, $likeThreshold: Int) {
  updateRoom(code: $code, skipThreshold: $skipThreshold, likeShare: $likeShare,
    maxQueuedPerParticipant: $maxQueuedPerParticipant, likeThreshold: $likeThreshold) { ${SETTINGS} }
}`;

/** Only the variables given are sent: a variable left out is an argument left out. */
const update = (t: TestApp, token: string, variables: Record<string, unknown>) =>
  gql(t.url, UPDATE, variables, token);

describe('The crowd’s settings (issue 13)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('updateRoom', () => {
    it('sets the three settings, keeps those left out, and clears those set to null', async () => {
      const { host, room } = await createRoom(t, 4);
      const set = await update(t, host.token, {
        code: room.code,
        skipThreshold: 3,
        likeShare: 0.5,
        maxQueuedPerParticipant: 2,
      });
      expect(dataOf(set).updateRoom).toEqual({
        skipThreshold: 3,
        likeShare: 0.5,
        maxQueuedPerParticipant: 2,
        fallbackPlaylistUri: null,
        likeThreshold: 4,
      });

      const kept = await update(t, host.token, { code: room.code, likeThreshold: 5 });
      expect(dataOf(kept).updateRoom).toMatchObject({
        skipThreshold: 3,
        likeShare: 0.5,
        maxQueuedPerParticipant: 2,
        likeThreshold: 5,
      });

      const cleared = await update(t, host.token, {
        code: room.code,
        skipThreshold: null,
        likeShare: null,
      });
      expect(dataOf(cleared).updateRoom).toMatchObject({
        skipThreshold: null,
        likeShare: null,
        maxQueuedPerParticipant: 2,
        likeThreshold: 5,
      });

      const read = await gql(
        t.url,
        `query($c: String!) { room(code: $c) { ${SETTINGS} } }`,
        { c: room.code },
        host.token,
      );
      expect(dataOf(read).room).toMatchObject({ skipThreshold: null, maxQueuedPerParticipant: 2 });
    });

    it.each([
      ['skipThreshold', 0],
      ['skipThreshold', 1001],
      ['skipThreshold', -3],
      ['maxQueuedPerParticipant', 0],
      ['maxQueuedPerParticipant', 1001],
      ['likeShare', 0],
      ['likeShare', -0.5],
      ['likeShare', 1.01],
    ])('refuses %s = %p with BAD_USER_INPUT naming the field', async (field, value) => {
      const { host, room } = await createRoom(t);
      const response = await update(t, host.token, { code: room.code, [field]: value });
      expect(response.data).toBeNull();
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors)).toContain(field);
    });

    it('accepts the bounds: 1 and 1000, and a likeShare of exactly 1', async () => {
      const { host, room } = await createRoom(t);
      const low = await update(t, host.token, {
        code: room.code,
        skipThreshold: 1,
        maxQueuedPerParticipant: 1000,
        likeShare: 1,
      });
      expect(dataOf(low).updateRoom).toMatchObject({
        skipThreshold: 1,
        maxQueuedPerParticipant: 1000,
        likeShare: 1,
      });
    });

    it('refuses a co-host and a guest (FORBIDDEN) and changes nothing', async () => {
      const { host, room } = await createRoom(t);
      const guest = await joinAsGuest(t, room.code, 'Co');
      const promoted = await gql(
        t.url,
        SET_ROLE,
        { c: room.code, u: guest.userId, r: 'CO_HOST' },
        host.token,
      );
      dataOf(promoted);
      const other = await joinAsGuest(t, room.code, 'Plain');
      for (const token of [guest.token, other.token]) {
        const response = await update(t, token, { code: room.code, skipThreshold: 2 });
        expect(errorCode(response)).toBe('FORBIDDEN');
      }
      const read = await gql(
        t.url,
        `query($c: String!) { room(code: $c) { skipThreshold } }`,
        { c: room.code },
        host.token,
      );
      expect(dataOf(read).room).toEqual({ skipThreshold: null });
    });
  });

  describe('fair share (maxQueuedPerParticipant)', () => {
    it('refuses a participant’s track beyond the limit, by addTrack or by a first vote', async () => {
      const { host, room } = await createRoom(t, 5);
      dataOf(await update(t, host.token, { code: room.code, maxQueuedPerParticipant: 2 }));
      const guest = await joinAsGuest(t, room.code, 'Eager');

      dataOf(await run(t, addTrackOperation(room.code, trackUri('fair-1')), guest.token));
      dataOf(
        await run(
          t,
          voteOperation({ code: room.code, trackUri: trackUri('fair-2'), isLike: true }),
          guest.token,
        ),
      );

      const added = await run(t, addTrackOperation(room.code, trackUri('fair-3')), guest.token);
      expect(errorCode(added)).toBe('CONFLICT');
      expect(errorReason(added)).toBe('QUEUE_LIMIT');
      const voted = await run(
        t,
        voteOperation({ code: room.code, trackUri: trackUri('fair-4'), isLike: false }),
        guest.token,
      );
      expect(errorCode(voted)).toBe('CONFLICT');
      expect(errorReason(voted)).toBe('QUEUE_LIMIT');

      // Voting on tracks already in the room, re-adding one's own, and other people: all fine.
      dataOf(
        await run(
          t,
          voteOperation({ code: room.code, trackUri: trackUri('fair-1'), isLike: true }),
          guest.token,
        ),
      );
      dataOf(await run(t, addTrackOperation(room.code, trackUri('fair-2')), guest.token));
      const other = await joinAsGuest(t, room.code, 'Other');
      dataOf(await run(t, addTrackOperation(room.code, trackUri('fair-3')), other.token));
      dataOf(
        await run(
          t,
          voteOperation({ code: room.code, trackUri: trackUri('fair-3'), isLike: true }),
          guest.token,
        ),
      );

      const tracks = await gql(
        t.url,
        `query($c: String!) { room(code: $c) { tracks { uri addedBy { id } } } }`,
        { c: room.code },
        host.token,
      );
      const mine = (dataOf(tracks).room.tracks as Array<{ addedBy: { id: string } }>).filter(
        (track) => track.addedBy.id === guest.userId,
      );
      expect(mine).toHaveLength(2);
    });

    it('counts READY tracks too, and exempts the host', async () => {
      const { host, room } = await createRoom(t, 1);
      dataOf(await update(t, host.token, { code: room.code, maxQueuedPerParticipant: 1 }));
      const guest = await joinAsGuest(t, room.code, 'Ready');
      const ready = await run(
        t,
        voteOperation({ code: room.code, trackUri: trackUri('ready-1'), isLike: true }),
        guest.token,
      );
      expect(dataOf(ready).vote.track.status).toBe('READY');
      const refused = await run(t, addTrackOperation(room.code, trackUri('ready-2')), guest.token);
      expect(errorReason(refused)).toBe('QUEUE_LIMIT');

      for (let i = 0; i < 3; i++) {
        dataOf(await run(t, addTrackOperation(room.code, trackUri(`host-${i}`)), host.token));
      }
    });

    it('lets exactly `limit` of many concurrent additions through', async () => {
      const { host, room } = await createRoom(t, 5);
      dataOf(await update(t, host.token, { code: room.code, maxQueuedPerParticipant: 3 }));
      const guest = await joinAsGuest(t, room.code, 'Burst');
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 2 === 0
            ? run(t, addTrackOperation(room.code, trackUri(`burst-${i}`)), guest.token)
            : run(
                t,
                voteOperation({ code: room.code, trackUri: trackUri(`burst-${i}`), isLike: true }),
                guest.token,
              ),
        ),
      );
      expect(responses.filter((r) => !r.errors)).toHaveLength(3);
      expect(responses.filter((r) => errorReason(r) === 'QUEUE_LIMIT')).toHaveLength(9);
    });
  });

  describe('VoteUpdate.status', () => {
    it('is the track’s status after the update: READY on the update that reached the threshold', async () => {
      const { host, room } = await createRoom(t, 2);
      const guests = [await joinAsGuest(t, room.code, 'A'), await joinAsGuest(t, room.code, 'B')];
      const client = wsClient(t.wsUrl, host.token);
      const updates = subscribe<{ status: string; thresholdReached: boolean; seq: number }>(
        client,
        voteUpdatedOperation(room.code, 'status thresholdReached seq'),
      );
      try {
        await untilSubscribed(t.app, Channels.voteUpdated(room.id));
        const uri = trackUri('status');
        for (const guest of guests) {
          dataOf(
            await run(
              t,
              voteOperation({ code: room.code, trackUri: uri, isLike: true }),
              guest.token,
            ),
          );
        }
        dataOf(
          await run(
            t,
            voteOperation({ code: room.code, trackUri: uri, isLike: false }),
            host.token,
          ),
        );
        const events = await updates.waitFor(3);
        expect(events.map((e) => [e.seq, e.status, e.thresholdReached])).toEqual([
          [1, 'QUEUED', false],
          [2, 'READY', true],
          [3, 'READY', false],
        ]);
      } finally {
        await updates.dispose();
      }
    });
  });

  describe('presence (activeParticipantCount), with the default 10-minute window', () => {
    it('counts a guest from their join, and stops counting a dropped phone at once, its earlier operations with it', async () => {
      const { host, room } = await createRoom(t, 4);
      const guest = await joinAsGuest(t, room.code, 'Phone');
      const count = async () =>
        (
          dataOf(
            await gql(
              t.url,
              'query($c: String!) { room(code: $c) { activeParticipantCount } }',
              { c: room.code },
              host.token,
            ),
          ).room as { activeParticipantCount: number }
        ).activeParticipantCount;
      // The host (reading) and the guest (who joined and voted): both within the window.
      await run(
        t,
        voteOperation({ code: room.code, trackUri: trackUri(), isLike: true }),
        guest.token,
      );
      expect(await count()).toBe(2);

      const phone = subscribe(wsClient(t.wsUrl, guest.token), voteUpdatedOperation(room.code));
      await untilSubscribed(t.app, Channels.voteUpdated(room.id));
      expect(await count()).toBe(2);
      // The socket closes: the guest stops counting long before their vote's 10 minutes are up.
      await phone.dispose();
      await eventually(async () => (await count()) === 1, { what: 'the dropped phone to go' });
    });
  });
});
