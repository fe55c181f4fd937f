import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createRoom,
  createSpotifyUser,
  joinAsGuest,
  joinRoomOperation,
  perform,
  range,
  roomOperation,
  roomTracksOperation,
  run,
  trackUri,
  voteOperation,
} from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const VOTERS = 16;
const TRACKS = 12;
const GUESTS = 60;

/**
 * Writes of every kind at once. On SQLite, TypeORM shares one connection between all callers:
 * a guest's account was once saved inside a vote batch's transaction (its BEGIN failing, or its
 * ROLLBACK taking the batch's votes with it), and both answered INTERNAL_SERVER_ERROR.
 */
describe('Concurrent writes: guests join while votes are counted', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_GUEST_JOIN: '100000', RATE_LIMIT_MUTATIONS: '100000' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loses no vote and no guest, and answers every request', async () => {
    const { room, host } = await createRoom(t, 1000);
    const voters = await Promise.all(range(1, VOTERS).map(() => createSpotifyUser(t)));
    for (const voter of voters) await perform(t, joinRoomOperation(room.code), voter.token);
    const uris = range(1, TRACKS).map((i) => trackUri(`concurrent-${i}`));

    const voteErrors: unknown[] = [];
    const voting = Promise.all(
      voters.map(async (voter, v) => {
        // Each voter likes every track once, starting at a track of their own.
        for (let i = 0; i < TRACKS; i++) {
          const uri = uris[(v + i) % TRACKS];
          const response = await run(
            t,
            voteOperation({ code: room.code, trackUri: uri, isLike: true }),
            voter.token,
          );
          if (response.errors) voteErrors.push(response.errors);
        }
      }),
    );
    const joined = await Promise.allSettled(
      range(1, GUESTS).map((i) => joinAsGuest(t, room.code, `Guest ${i}`)),
    );
    await voting;

    expect(joined.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(voteErrors).toEqual([]);
    const tracks = (await perform(t, roomTracksOperation(room.code), host.token)).room
      .tracks as Array<{ uri: string; likes: number }>;
    expect(tracks.map((track) => track.likes)).toEqual(uris.map(() => VOTERS));
    const { participantCount } = (
      await perform(t, roomOperation(room.code, 'participantCount'), host.token)
    ).room as { participantCount: number };
    expect(participantCount).toBe(1 + VOTERS + GUESTS);
  });
});
