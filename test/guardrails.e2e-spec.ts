import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Room } from '../src/rooms/room.entity.js';
import { sandboxCatalogue } from '../src/spotify-sandbox/index.js';
import { SpotifyApiService } from '../src/spotify/spotify-api.service.js';
import { RoomTrack } from '../src/tracks/room-track.entity.js';
import { TrackStatus } from '../src/tracks/track-status.enum.js';
import { joinAsGuest, run, trackUri, voteOperation } from './support/factories.js';
import { errorCode, gql, type GraphQLResponse } from './support/graphql.js';
import { loginAs } from './support/login.js';
import { ADD_TRACK, errorReason, MODERATION_LOG, primed, TRACKS } from './support/moderation.js';
import {
  partyView,
  PLAYBACK_ENV,
  sandboxControl,
  until,
  type SandboxControl,
} from './support/party.js';
import { subscribe, wsClient, type Collected } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const catalogue = sandboxCatalogue();
const byArtist = (name: string) =>
  catalogue.filter((track) => track.artists[0].name === name).map((track) => track.uri);
/** 24 tracks by one artist, 2.5 to 4 minutes, not explicit. */
const juniper = byArtist('Juniper Vale');
/** 11 to 14 minutes, not explicit. */
const long = byArtist('The Long Goodbyes');
/** Explicit, 2.5 to 3.5 minutes. */
const explicit = byArtist('Riot Saints');
/** Not explicit, under 6 minutes, one artist each (none of the above). */
const clean = catalogue
  .slice(0, 300)
  .filter((track) => !track.explicit && track.artists.length === 1)
  .map((track) => track.uri);

const SETTINGS = 'explicitAllowed maxTrackSeconds maxPerArtist';
const UPDATE = `mutation($c: String!, $e: Boolean, $s: Int, $a: Int) {
  updateRoom(code: $c, explicitAllowed: $e, maxTrackSeconds: $s, maxPerArtist: $a) { ${SETTINGS} }
}`;
const ADD = `mutation($c: String!, $t: String!) {
  addTrack(code: $c, trackUri: $t) { uri status track { explicit durationMs } }
}`;
const ADD_RANDOM = `mutation($c: String!) {
  addRandomTrack(code: $c) { uri status track { explicit durationMs } }
}`;
const ROOM_UPDATED = `subscription($c: String!) {
  roomUpdated(code: $c) { ${SETTINGS} tracks { uri status } }
}`;

/** The refusal of a guardrail: CONFLICT, its reason, no data. */
function expectRefused(response: GraphQLResponse, reason: string, words: RegExp): void {
  expect(response.data).toBeNull();
  expect(errorCode(response)).toBe('CONFLICT');
  expect(errorReason(response)).toBe(reason);
  expect(response.errors![0].message).toMatch(words);
}

describe("Guardrails: the host's rules on every way a track enters", () => {
  let t: TestApp;
  let sandbox: SandboxControl;
  const feeds: Array<Collected<unknown>> = [];

  beforeAll(async () => {
    t = await startTestApp({ env: PLAYBACK_ENV });
    sandbox = sandboxControl(`${t.url}/sandbox/spotify/__control`);
  });
  beforeEach(async () => {
    await fetch(`${t.url}/sandbox/spotify/__control/faults`, { method: 'DELETE' });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.dispose()));
    await t?.close();
  });

  /** A room of dj-alex's (like threshold 50: nothing becomes READY by itself) and a guest. */
  async function party() {
    const host = await loginAs(t, 'dj-alex');
    const created = await gql(
      t.url,
      'mutation { createRoom(input: { likeThreshold: 50 }) { code id } }',
      {},
      host.token,
    );
    const { code, id } = created.data!.createRoom as { code: string; id: string };
    const guest = await joinAsGuest(t, code, 'Guest');
    const call = (token: string) => (query: string, variables: Record<string, unknown>) =>
      gql(t.url, query, { c: code, ...variables }, token);
    return {
      code,
      id,
      host: { ...host, call: call(host.token) },
      guest: { ...guest, call: call(guest.token) },
      vote: (uri: string, token = guest.token) =>
        run(t, voteOperation({ code, trackUri: uri, isLike: true }), token),
    };
  }
  type Party = Awaited<ReturnType<typeof party>>;

  const tracksOf = async (p: Party, status?: string) =>
    (
      (await p.host.call(TRACKS, status ? { s: status } : {})).data!.room.tracks as Array<{
        uri: string;
        status: string;
      }>
    )
      .map((track) => `${track.uri} ${track.status}`)
      .sort();

  it('serves the settings: off by default, set by the host, cleared by null, checked', async () => {
    const p = await party();
    const read = await p.guest.call(`query($c: String!) { room(code: $c) { ${SETTINGS} } }`, {});
    expect(read.data!.room).toEqual({
      explicitAllowed: true,
      maxTrackSeconds: null,
      maxPerArtist: null,
    });

    const set = await p.host.call(UPDATE, { e: false, s: 420, a: 2 });
    expect(set.errors).toBeUndefined();
    expect(set.data!.updateRoom).toEqual({
      explicitAllowed: false,
      maxTrackSeconds: 420,
      maxPerArtist: 2,
    });
    // Left out keeps the setting.
    const kept = await p.host.call(UPDATE, { a: 3 });
    expect(kept.data!.updateRoom).toEqual({
      explicitAllowed: false,
      maxTrackSeconds: 420,
      maxPerArtist: 3,
    });

    for (const [variables, field] of [
      [{ s: 29 }, 'maxTrackSeconds'],
      [{ s: 3601 }, 'maxTrackSeconds'],
      [{ a: 0 }, 'maxPerArtist'],
      [{ a: 1001 }, 'maxPerArtist'],
    ] as const) {
      const refused = await p.host.call(UPDATE, variables);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0].message).toContain(field);
    }
    expect(errorCode(await p.guest.call(UPDATE, { e: true }))).toBe('FORBIDDEN');

    const cleared = await p.host.call(UPDATE, { e: null, s: null, a: null });
    expect(cleared.data!.updateRoom).toEqual({
      explicitAllowed: true,
      maxTrackSeconds: null,
      maxPerArtist: null,
    });
  });

  it('judges addTrack and a first vote by each rule: an allowed track enters, a refused one is CONFLICT', async () => {
    const p = await party();
    await p.host.call(UPDATE, { e: false, s: 600, a: 2 });

    // Explicit.
    expectRefused(await p.guest.call(ADD, { t: explicit[0] }), 'EXPLICIT', /explicit/);
    expectRefused(await p.vote(explicit[1]), 'EXPLICIT', /explicit/);
    const allowed = await p.guest.call(ADD, { t: clean[0] });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.addTrack).toMatchObject({ uri: clean[0], status: 'QUEUED' });
    expect(allowed.data!.addTrack.track.explicit).toBe(false);

    // Too long.
    expectRefused(await p.guest.call(ADD, { t: long[0] }), 'TOO_LONG', /too long.*10 minutes/);
    expectRefused(await p.vote(long[1]), 'TOO_LONG', /too long/);
    const voted = await p.vote(clean[1]);
    expect(voted.errors).toBeUndefined();
    expect(voted.data!.vote.track).toMatchObject({ uri: clean[1], status: 'QUEUED', likes: 1 });

    // Two tracks by one artist; the third is one too many, by addTrack or by a vote.
    expect((await p.guest.call(ADD, { t: juniper[0] })).errors).toBeUndefined();
    expect((await p.vote(juniper[1])).errors).toBeUndefined();
    expectRefused(await p.guest.call(ADD, { t: juniper[2] }), 'ARTIST_LIMIT', /2 tracks waiting/);
    expectRefused(await p.vote(juniper[3]), 'ARTIST_LIMIT', /artist/);
    // The host's own additions are judged too.
    expectRefused(await p.host.call(ADD, { t: juniper[4] }), 'ARTIST_LIMIT', /artist/);
    // Tracks already in the room take votes as before.
    expect((await p.vote(juniper[0], p.host.token)).data!.vote.likes).toBe(1);

    expect(await tracksOf(p)).toEqual(
      [clean[0], clean[1], juniper[0], juniper[1]].map((uri) => `${uri} QUEUED`).sort(),
    );
  });

  it('applies a rule set mid-party: exactly the waiting tracks that break it are REMOVED, the playing one plays on', async () => {
    const p = await party();
    // Before any rule: everything enters, a track Spotify does not know too.
    const ghost = trackUri('not-on-spotify');
    const waiting = [explicit[2], long[2], juniper[5], juniper[6], juniper[7], clean[2], ghost];
    for (const uri of waiting) expect((await p.guest.call(ADD, { t: uri })).errors).toBeUndefined();
    // juniper[5] is READY (the queue keeps its place first), an explicit track plays.
    const data = t.app.get(DataSource);
    const tracks = data.getRepository(RoomTrack);
    await tracks.update(
      { roomId: p.id, uri: juniper[5] },
      { status: TrackStatus.READY, thresholdReachedAt: new Date() },
    );
    expect((await p.guest.call(ADD, { t: explicit[3] })).errors).toBeUndefined();
    const playing = await tracks.findOneByOrFail({ roomId: p.id, uri: explicit[3] });
    await tracks.update({ id: playing.id }, { status: TrackStatus.PLAYING, playedAt: new Date() });
    await data.getRepository(Room).update({ id: p.id }, { nowPlayingTrackId: playing.id });

    const updates = subscribe<{ tracks: unknown[] }>(wsClient(t.wsUrl, p.guest.token), {
      query: ROOM_UPDATED,
      variables: { c: p.code },
    });
    feeds.push(updates);
    await primed([updates], () => p.host.call(UPDATE, { e: true }));
    const seen = updates.events.length;

    const set = await p.host.call(UPDATE, { e: false, s: 600, a: 2 });
    expect(set.errors).toBeUndefined();
    expect(await tracksOf(p)).toEqual(
      [
        `${explicit[3]} PLAYING`,
        `${juniper[5]} READY`,
        `${juniper[6]} QUEUED`,
        `${clean[2]} QUEUED`,
        // Nothing to judge it by: it breaks no rule.
        `${ghost} QUEUED`,
      ].sort(),
    );
    expect(await tracksOf(p, 'REMOVED')).toEqual(
      [explicit[2], long[2], juniper[7]].map((uri) => `${uri} REMOVED`).sort(),
    );
    const room = await p.guest.call(
      `query($c: String!) { room(code: $c) { nowPlaying { uri } } }`,
      {},
    );
    expect(room.data!.room.nowPlaying).toEqual({ uri: explicit[3] });

    // The audit trail names the host for each removal; one update pushed them all, once.
    const log = await p.host.call(MODERATION_LOG, {});
    const removals = (log.data!.room.moderationLog as Array<Record<string, unknown>>).filter(
      (entry) => entry.action === 'TRACK_REMOVED',
    );
    expect(removals.map((entry) => entry.trackUri).sort()).toEqual(
      [explicit[2], long[2], juniper[7]].sort(),
    );
    for (const entry of removals) expect(entry.actor).toEqual({ id: p.host.userId });
    await updates.waitFor(seen + 1);
    expect(updates.events[seen]).toMatchObject({ tracks: expect.any(Array) });
    expect(updates.events[seen].tracks).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updates.events).toHaveLength(seen + 1);

    // Clearing the rules brings nothing back.
    await p.host.call(UPDATE, { e: true, s: null, a: null });
    expect(await tracksOf(p, 'REMOVED')).toHaveLength(3);
    expectRefused(
      await p.guest.call(ADD_TRACK, { c: p.code, t: long[2] }),
      'TRACK_REMOVED',
      /removed/,
    );
  });

  it('picks a random track that passes the rules', async () => {
    const p = await party();
    // dj-alex's own playlists, and one of explicit and long tracks with a single clean one.
    const spotify = t.app.get(SpotifyApiService);
    const playlist = await spotify.createPlaylist(p.host.userId, 'Not for the kids');
    await spotify.addPlaylistItems(p.host.userId, playlist.id, [
      ...explicit.slice(0, 5),
      ...long,
      clean[3],
    ]);
    await p.host.call(UPDATE, { e: false, s: 420 });

    for (let i = 0; i < 8; i++) {
      const added = await p.guest.call(ADD_RANDOM, {});
      expect(added.errors).toBeUndefined();
      const { track } = added.data!.addRandomTrack as {
        track: { explicit: boolean; durationMs: number };
      };
      expect(track.explicit).toBe(false);
      expect(track.durationMs).toBeLessThanOrEqual(420_000);
    }
  });

  it('passes over the fallback tracks that break a rule', async () => {
    const p = await party();
    // Real catalogue durations (the sandbox's short-track setting would make every track short).
    const spotify = t.app.get(SpotifyApiService);
    const playlist = await spotify.createPlaylist(p.host.userId, 'Fallback');
    await spotify.addPlaylistItems(p.host.userId, playlist.id, [
      explicit[0],
      long[0],
      juniper[8],
      clean[5],
    ]);
    // juniper[10] waits (QUEUED, never READY here): juniper[8] would be the artist's second.
    expect((await p.guest.call(ADD, { t: juniper[10] })).errors).toBeUndefined();
    await p.host.call(UPDATE, { e: false, s: 600, a: 1 });
    expect(await tracksOf(p)).toEqual([`${juniper[10]} QUEUED`]);

    const started = await p.host.call(
      'mutation($c: String!, $f: String) { startParty(code: $c, fallbackPlaylistUri: $f) { autoplay } }',
      { f: playlist.uri },
    );
    expect(started.errors).toBeUndefined();
    try {
      const picked = await until(
        () => partyView(t.url, p.code, p.host.token),
        (view) => view.playback.track !== null,
        10_000,
        'a fallback pick',
      );
      expect(picked.playback.track).toMatchObject({ uri: clean[5], status: 'PLAYING' });
      expect((await sandbox.player()).item).toBe(clean[5]);
    } finally {
      await p.host.call('mutation($c: String!) { stopParty(code: $c) { autoplay } }', {});
    }
  }, 20_000);

  it('chooses the fallback pick shown ahead again when a rule is set, and plays the new one', async () => {
    const p = await party();
    const spotify = t.app.get(SpotifyApiService);
    const playlist = await spotify.createPlaylist(p.host.userId, 'Fallback ahead');
    await spotify.addPlaylistItems(p.host.userId, playlist.id, [clean[7], explicit[2], clean[8]]);
    const before = (await (await fetch(`${t.url}/sandbox/spotify/__control/settings`)).json()) as {
      trackDurationMs: number | null;
    };
    await sandbox.call('/settings', { trackDurationMs: 4000 });
    const started = await p.host.call(
      'mutation($c: String!, $f: String) { startParty(code: $c, fallbackPlaylistUri: $f) { autoplay } }',
      { f: playlist.uri },
    );
    expect(started.errors).toBeUndefined();
    try {
      const ahead = await until(
        () => partyView(t.url, p.code, p.host.token),
        (view) => view.playback.track?.uri === clean[7] && view.playback.next !== null,
        10_000,
        'the first pick playing, the explicit one shown next',
      );
      expect(ahead.playback.next).toMatchObject({ uri: explicit[2] });

      // Chosen before the rule: it must neither stay "up next" nor play.
      await p.host.call(UPDATE, { e: false });
      const after = await until(
        () => partyView(t.url, p.code, p.host.token),
        (view) => view.playback.track !== null && view.playback.track.uri !== clean[7],
        10_000,
        'the track after the first pick',
      );
      expect(after.playback.track).toMatchObject({ uri: clean[8], status: 'PLAYING' });
      expect((await sandbox.player()).item).toBe(clean[8]);
    } finally {
      await p.host.call('mutation($c: String!) { stopParty(code: $c) { autoplay } }', {});
      await sandbox.call('/settings', { trackDurationMs: before.trackDurationMs });
    }
  }, 30_000);

  it('fetches metadata it does not have before judging; a Spotify outage is SPOTIFY_UNAVAILABLE', async () => {
    const p = await party();
    await p.host.call(UPDATE, { e: false });
    const unseen = [clean[40], clean[41]];
    await sandbox.call('/faults', { method: 'GET', path: '/v1/tracks/', status: 503, count: 100 });

    for (const response of [await p.guest.call(ADD, { t: unseen[0] }), await p.vote(unseen[1])]) {
      expect(response.data).toBeNull();
      expect(errorCode(response)).toBe('SPOTIFY_UNAVAILABLE');
    }
    expect(await tracksOf(p)).toEqual([]);

    await fetch(`${t.url}/sandbox/spotify/__control/faults`, { method: 'DELETE' });
    const added = await p.guest.call(ADD, { t: unseen[0] });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addTrack.track).toEqual({ explicit: false, durationMs: expect.any(Number) });
    expect((await p.vote(unseen[1])).errors).toBeUndefined();
    const id = unseen[0].split(':')[2];
    expect(await sandbox.requests('GET', `/v1/tracks/${id}`)).not.toEqual([]);
  });

  it('sets no rule it cannot apply: while Spotify cannot describe a waiting track, nothing changes', async () => {
    const p = await party();
    await sandbox.call('/faults', { method: 'GET', path: '/v1/tracks/', status: 503, count: 100 });
    // Without guardrails a track enters without waiting for Spotify (its metadata stays unknown).
    const unseen = clean[42];
    expect((await p.guest.call(ADD, { t: unseen })).errors).toBeUndefined();

    const refused = await p.host.call(UPDATE, { e: false, s: 600 });
    expect(refused.data).toBeNull();
    expect(errorCode(refused)).toBe('SPOTIFY_UNAVAILABLE');
    const read = await p.guest.call(`query($c: String!) { room(code: $c) { ${SETTINGS} } }`, {});
    expect(read.data!.room).toEqual({
      explicitAllowed: true,
      maxTrackSeconds: null,
      maxPerArtist: null,
    });

    await fetch(`${t.url}/sandbox/spotify/__control/faults`, { method: 'DELETE' });
    const set = await p.host.call(UPDATE, { e: false, s: 600 });
    expect(set.errors).toBeUndefined();
    expect(await tracksOf(p)).toEqual([`${unseen} QUEUED`]);
  });

  it('never lets 20 concurrent adds by different guests exceed maxPerArtist', async () => {
    const p = await party();
    await p.host.call(UPDATE, { a: 3 });
    const guests = await Promise.all(
      Array.from({ length: 20 }, (_, i) => joinAsGuest(t, p.code, `Fan ${i}`)),
    );
    const responses = await Promise.all(
      guests.map((guest, i) =>
        i % 2 === 0
          ? gql(t.url, ADD, { c: p.code, t: juniper[i] }, guest.token)
          : p.vote(juniper[i], guest.token),
      ),
    );
    const entered = responses.filter((response) => !response.errors);
    const refused = responses.filter((response) => response.errors);
    expect(entered).toHaveLength(3);
    for (const response of refused) expectRefused(response, 'ARTIST_LIMIT', /artist/);
    const waiting = (await tracksOf(p)).filter((line) => juniper.includes(line.split(' ')[0]));
    expect(waiting).toHaveLength(3);
  }, 30_000);
});
