import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  castVotes,
  createRoom,
  joinAsGuest,
  range,
  perform,
  roomOperation,
  voteUpdatedAfterOperation,
} from './support/factories.js';
import { subscribe, wsClient } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface VoteUpdate {
  seq: number;
  trackUri: string;
  likes: number;
}

interface RoomRead {
  voteSeq: number;
  tracks: Array<{ uri: string; likes: number }>;
}

async function readRoom(t: TestApp, code: string, token: string): Promise<RoomRead> {
  const data = await perform(t, roomOperation(code, 'voteSeq tracks { uri likes }'), token);
  return data.room as RoomRead;
}

describe('A client that reads the room, then subscribes, misses nothing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('resumes voteUpdated from room { voteSeq }: the votes counted between come first, in order, then the live ones', async () => {
    const { host, room } = await createRoom(t, 100);
    const guest = await joinAsGuest(t, room.code);
    expect((await readRoom(t, room.code, guest.token)).voteSeq).toBe(0);
    await castVotes(t, room.code, host, 3, 'before');

    const read = await readRoom(t, room.code, guest.token);
    // The read may come from the server's cache of the room: its voteSeq is then older, never
    // newer than what its tracks show.
    expect(read.voteSeq).toBeGreaterThanOrEqual(0);
    expect(read.voteSeq).toBeLessThanOrEqual(3);
    expect(read.tracks).toHaveLength(3);

    // Votes counted after the read, before the subscription exists.
    const missed = await castVotes(t, room.code, host, 4, 'missed');
    const feed = subscribe<VoteUpdate>(
      wsClient(t.wsUrl, guest.token),
      voteUpdatedAfterOperation(room.code, read.voteSeq, 'seq trackUri likes'),
    );
    try {
      const replayed = await feed.waitFor(7 - read.voteSeq);
      expect(replayed.map((e) => e.seq)).toEqual(range(read.voteSeq + 1, 7));
      expect(replayed.slice(-4).map((e) => [e.trackUri, e.likes])).toEqual(
        missed.map((v) => [v.trackUri, 1]),
      );
      // Replayed updates the read already showed carry the tallies it showed: applying them
      // again changes nothing.
      const shown = new Map(read.tracks.map((track) => [track.uri, track.likes]));
      for (const update of replayed.slice(0, -4)) {
        expect(shown.get(update.trackUri)).toBe(update.likes);
      }

      const live = await castVotes(t, room.code, host, 2, 'live');
      const all = await feed.waitFor(9 - read.voteSeq);
      expect(all.map((e) => e.seq)).toEqual(range(read.voteSeq + 1, 9));
      expect(all.slice(-2).map((e) => e.trackUri)).toEqual(live.map((v) => v.trackUri));
      expect(feed.errors).toEqual([]);
    } finally {
      await feed.dispose();
    }
  });

  it('replays exactly the votes after a fresh read, with no duplicate', async () => {
    const { host, room } = await createRoom(t, 100);
    const guest = await joinAsGuest(t, room.code);
    await castVotes(t, room.code, host, 2, 'first');
    // The room's first read on this instance is never served from its cache.
    const read = await readRoom(t, room.code, guest.token);
    expect(read.voteSeq).toBe(2);
    const missed = await castVotes(t, room.code, host, 3, 'missed');
    const feed = subscribe<VoteUpdate>(
      wsClient(t.wsUrl, guest.token),
      voteUpdatedAfterOperation(room.code, read.voteSeq, 'seq trackUri likes'),
    );
    try {
      expect((await feed.waitFor(3)).map((e) => [e.seq, e.trackUri])).toEqual(
        missed.map((v, i) => [3 + i, v.trackUri]),
      );
      await castVotes(t, room.code, host, 1, 'live');
      expect((await feed.waitFor(4)).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
      expect(feed.errors).toEqual([]);
    } finally {
      await feed.dispose();
    }
  });
});
