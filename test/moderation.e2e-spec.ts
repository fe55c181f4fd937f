import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Room } from '../src/rooms/room.entity.js';
import { RoomTrack } from '../src/tracks/room-track.entity.js';
import { TrackStatus } from '../src/tracks/track-status.enum.js';
import {
  createRoom,
  createSpotifyUser,
  joinAsGuest,
  joinAsGuestOperation,
  run,
  trackUri,
  voteOperation,
} from './support/factories.js';
import { errorCode } from './support/graphql.js';
import {
  ADD_TRACK,
  as,
  errorReason,
  JOIN_ROOM,
  LEAVE_ROOM,
  legacyEnd,
  legacyVoteFeed,
  LOCK,
  ME,
  MODERATION_LOG,
  primed,
  REMOVE_PARTICIPANT,
  REMOVE_TRACK,
  ROOM,
  ROOM_UPDATED,
  SET_ROLE,
  TRACKS,
  VOTE_UPDATED,
  within,
} from './support/moderation.js';
import { subscribe, wsClient, type Collected } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface RoomUpdate {
  locked: boolean;
  participantCount: number;
  participants: Array<{ role: string; user: { id: string } }>;
}

describe('Moderation: co-hosts, removals, bans, the lock and removed tracks', () => {
  let t: TestApp;
  const sockets: Array<{ dispose(): Promise<void> }> = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await t.close();
  });

  /** A room with its host, a guest, a Spotify user who joined, and the call helpers of each. */
  async function party(likeThreshold = 5) {
    const { host, room } = await createRoom(t, likeThreshold);
    const guest = await joinAsGuest(t, room.code, 'Guest');
    const fan = await createSpotifyUser(t);
    const joined = await as(t.url, fan.token)(JOIN_ROOM, { c: room.code });
    expect(joined.errors).toBeUndefined();
    return {
      room,
      code: room.code,
      host: { id: host.user.id, token: host.token, call: as(t.url, host.token) },
      guest: { id: guest.userId, token: guest.token, call: as(t.url, guest.token) },
      fan: { id: fan.user.id, token: fan.token, call: as(t.url, fan.token) },
    };
  }

  /** A live graphql-ws subscription; the caller proves it is registered by awaiting an event. */
  function live<T>(token: string, query: string, code: string): Collected<T> {
    const feed = subscribe<T>(wsClient(t.wsUrl, token), { query, variables: { c: code } });
    sockets.push(feed);
    return feed;
  }

  const vote = (code: string, uri: string, token: string, isLike = true) =>
    run(t, voteOperation({ code, trackUri: uri, isLike }), token);

  describe('roles', () => {
    it('lets the host make a guest and a Spotify user CO_HOST and back, pushed and logged', async () => {
      const p = await party();
      const updates = live<RoomUpdate>(p.host.token, ROOM_UPDATED, p.code);
      await primed([updates], () => p.host.call(LOCK, { c: p.code, l: false }));
      const before = updates.events.length;
      const toCoHost = await p.host.call(SET_ROLE, { c: p.code, u: p.guest.id, r: 'CO_HOST' });
      expect(toCoHost.errors).toBeUndefined();
      expect(toCoHost.data!.setRole).toEqual({ role: 'CO_HOST', user: { id: p.guest.id } });
      const fanCoHost = await p.host.call(SET_ROLE, { c: p.code, u: p.fan.id, r: 'CO_HOST' });
      expect(fanCoHost.data!.setRole.role).toBe('CO_HOST');

      const roles = await p.host.call(ROOM, { c: p.code });
      expect(roles.data!.room.participants).toEqual([
        { role: 'HOST', user: { id: p.host.id } },
        { role: 'CO_HOST', user: { id: p.guest.id } },
        { role: 'CO_HOST', user: { id: p.fan.id } },
      ]);

      const back = await p.host.call(SET_ROLE, { c: p.code, u: p.guest.id, r: 'GUEST' });
      expect(back.data!.setRole).toEqual({ role: 'GUEST', user: { id: p.guest.id } });

      const log = await p.host.call(MODERATION_LOG, { c: p.code });
      expect(log.errors).toBeUndefined();
      expect(log.data!.room.moderationLog).toEqual([
        expect.objectContaining({
          action: 'ROLE_CHANGED',
          target: { id: p.guest.id },
          role: 'GUEST',
        }),
        expect.objectContaining({
          action: 'ROLE_CHANGED',
          target: { id: p.fan.id },
          role: 'CO_HOST',
        }),
        expect.objectContaining({
          action: 'ROLE_CHANGED',
          actor: { id: p.host.id },
          target: { id: p.guest.id },
          role: 'CO_HOST',
          trackUri: null,
        }),
      ]);
      // Each change was pushed, the last one with the roles it left.
      const pushed = await updates.waitFor(before + 3);
      expect(pushed[before + 2].participants).toContainEqual({
        role: 'GUEST',
        user: { id: p.guest.id },
      });
    });

    it('refuses to give HOST (BAD_USER_INPUT) and to change the host (FORBIDDEN)', async () => {
      const p = await party();
      const host = await p.host.call(SET_ROLE, { c: p.code, u: p.guest.id, r: 'HOST' });
      expect(errorCode(host)).toBe('BAD_USER_INPUT');
      const ofHost = await p.host.call(SET_ROLE, { c: p.code, u: p.host.id, r: 'GUEST' });
      expect(errorCode(ofHost)).toBe('FORBIDDEN');
      const stranger = await createSpotifyUser(t);
      const notIn = await p.host.call(SET_ROLE, { c: p.code, u: stranger.user.id, r: 'CO_HOST' });
      expect(errorCode(notIn)).toBe('NOT_FOUND');
      const badId = await p.host.call(SET_ROLE, { c: p.code, u: 'nope', r: 'CO_HOST' });
      expect(errorCode(badId)).toBe('BAD_USER_INPUT');
    });

    it('refuses setRole to a co-host and to a guest (FORBIDDEN)', async () => {
      const p = await party();
      await p.host.call(SET_ROLE, { c: p.code, u: p.fan.id, r: 'CO_HOST' });
      const byCoHost = await p.fan.call(SET_ROLE, { c: p.code, u: p.guest.id, r: 'CO_HOST' });
      expect(errorCode(byCoHost)).toBe('FORBIDDEN');
      expect(byCoHost.data).toBeNull();
      const byGuest = await p.guest.call(SET_ROLE, { c: p.code, u: p.guest.id, r: 'CO_HOST' });
      expect(errorCode(byGuest)).toBe('FORBIDDEN');
      const roles = await p.host.call(ROOM, { c: p.code });
      expect(roles.data!.room.participants).toContainEqual({
        role: 'GUEST',
        user: { id: p.guest.id },
      });
    });

    it('never lets a co-host close the room, change its settings or read the audit trail', async () => {
      const p = await party();
      await p.host.call(SET_ROLE, { c: p.code, u: p.guest.id, r: 'CO_HOST' });
      const lock = await p.guest.call(LOCK, { c: p.code, l: true });
      expect(errorCode(lock)).toBe('FORBIDDEN');
      const close = await p.guest.call('mutation($c: String!) { closeRoom(code: $c) { status } }', {
        c: p.code,
      });
      expect(errorCode(close)).toBe('FORBIDDEN');
      const log = await p.guest.call(MODERATION_LOG, { c: p.code });
      expect(errorCode(log)).toBe('FORBIDDEN');
      const room = await p.host.call('query($c: String!) { room(code: $c) { status locked } }', {
        c: p.code,
      });
      expect(room.data!.room).toEqual({ status: 'OPEN', locked: false });
    });
  });

  describe('removeParticipant', () => {
    it('lets a co-host remove a guest, never the host or another co-host', async () => {
      const p = await party();
      const other = await joinAsGuest(t, p.code, 'Other');
      await p.host.call(SET_ROLE, { c: p.code, u: p.fan.id, r: 'CO_HOST' });
      await p.host.call(SET_ROLE, { c: p.code, u: other.userId, r: 'CO_HOST' });

      const host = await p.fan.call(REMOVE_PARTICIPANT, { c: p.code, u: p.host.id });
      expect(errorCode(host)).toBe('FORBIDDEN');
      const coHost = await p.fan.call(REMOVE_PARTICIPANT, { c: p.code, u: other.userId });
      expect(errorCode(coHost)).toBe('FORBIDDEN');
      expect(errorReason(coHost)).toBe('GUESTS_ONLY');

      const guest = await p.fan.call(REMOVE_PARTICIPANT, { c: p.code, u: p.guest.id });
      expect(guest.errors).toBeUndefined();
      expect(guest.data!.removeParticipant).toBe(true);
      const room = await p.host.call(ROOM, { c: p.code });
      expect(room.data!.room.participants.map((x: any) => x.user.id)).toEqual([
        p.host.id,
        p.fan.id,
        other.userId,
      ]);
      const log = await p.host.call(MODERATION_LOG, { c: p.code });
      expect(log.data!.room.moderationLog[0]).toMatchObject({
        action: 'PARTICIPANT_REMOVED',
        actor: { id: p.fan.id },
        target: { id: p.guest.id },
      });
    });

    it('refuses a guest (FORBIDDEN) and the host as target (FORBIDDEN)', async () => {
      const p = await party();
      const byGuest = await p.guest.call(REMOVE_PARTICIPANT, { c: p.code, u: p.fan.id });
      expect(errorCode(byGuest)).toBe('FORBIDDEN');
      const self = await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.host.id });
      expect(errorCode(self)).toBe('FORBIDDEN');
      const stranger = await createSpotifyUser(t);
      const notIn = await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: stranger.user.id });
      expect(errorCode(notIn)).toBe('NOT_FOUND');
      expect((await p.host.call(ROOM, { c: p.code })).data!.room.participantCount).toBe(3);
    });

    it('refuses the removed user on the room at once, ends their subscriptions, keeps other rooms', async () => {
      const p = await party();
      const other = await createRoom(t, 5);
      await p.fan.call(JOIN_ROOM, { c: other.room.code });
      const hostFeed = live<RoomUpdate>(p.host.token, ROOM_UPDATED, p.code);
      const fanVotes = live<{ seq: number }>(p.fan.token, VOTE_UPDATED, p.code);
      const fanRoom = live<RoomUpdate>(p.fan.token, ROOM_UPDATED, p.code);
      const fanOtherRoom = live<{ seq: number }>(p.fan.token, VOTE_UPDATED, other.room.code);
      await primed([fanVotes], () => vote(p.code, trackUri('prime'), p.host.token));
      await primed([fanOtherRoom], () =>
        vote(other.room.code, trackUri('prime-other'), other.host.token),
      );
      await primed([hostFeed, fanRoom], () => p.host.call(LOCK, { c: p.code, l: false }));
      const hostSaw = hostFeed.events.length;
      const otherSaw = fanOtherRoom.events.length;

      const removed = await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.fan.id });
      expect(removed.data!.removeParticipant).toBe(true);
      await within(
        Promise.all([fanVotes.ended, fanRoom.ended]),
        1000,
        "The removed user's subscriptions ending",
      );
      expect(fanVotes.errors).toEqual([]);

      const seen = await p.fan.call(ROOM, { c: p.code });
      expect(errorCode(seen)).toBe('FORBIDDEN');
      const voted = await vote(p.code, trackUri('after'), p.fan.token);
      expect(errorCode(voted)).toBe('FORBIDDEN');
      expect(errorCode(await p.fan.call(ADD_TRACK, { c: p.code, t: trackUri('x') }))).toBe(
        'FORBIDDEN',
      );
      // The host saw the removal; the other room goes on for the removed user.
      const pushed = await hostFeed.waitFor(hostSaw + 1);
      expect(pushed[hostSaw].participants.map((x) => x.user.id)).not.toContain(p.fan.id);
      await vote(other.room.code, trackUri('prime-other'), p.fan.token);
      expect(await fanOtherRoom.waitFor(otherSaw + 1)).toHaveLength(otherSaw + 1);
      expect((await p.fan.call(ROOM, { c: other.room.code })).errors).toBeUndefined();
    });

    it('ends a legacy (subscriptions-transport-ws) subscription too', async () => {
      const p = await party();
      const socket = await legacyVoteFeed(t.wsUrl, p.guest.token, p.code, () =>
        vote(p.code, trackUri(), p.host.token),
      );
      try {
        await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.guest.id });
        const ended = await within(legacyEnd(socket), 1000, 'The legacy subscription ending');
        expect(ended).toMatchObject({ id: '1', type: 'complete' });
      } finally {
        socket.close();
      }
    });

    it('lets a removed (not banned) participant rejoin: a Spotify user and a guest session', async () => {
      const p = await party();
      await p.host.call(SET_ROLE, { c: p.code, u: p.fan.id, r: 'CO_HOST' });
      await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.fan.id });
      await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.guest.id });
      expect(errorCode(await p.guest.call(ROOM, { c: p.code }))).toBe('FORBIDDEN');

      expect((await p.fan.call(JOIN_ROOM, { c: p.code })).errors).toBeUndefined();
      expect((await p.guest.call(JOIN_ROOM, { c: p.code })).errors).toBeUndefined();
      const room = await p.host.call(ROOM, { c: p.code });
      // Removal takes the co-host role away: back as a guest.
      expect(room.data!.room.participants).toEqual([
        { role: 'HOST', user: { id: p.host.id } },
        { role: 'GUEST', user: { id: p.guest.id } },
        { role: 'GUEST', user: { id: p.fan.id } },
      ]);
      expect((await vote(p.code, trackUri('back'), p.guest.token)).errors).toBeUndefined();
    });
  });

  describe('leaveRoom', () => {
    it('ends the leaver’s subscriptions to the room at once', async () => {
      const p = await party();
      const votes = live<{ seq: number }>(p.fan.token, VOTE_UPDATED, p.code);
      const rooms = live<RoomUpdate>(p.fan.token, ROOM_UPDATED, p.code);
      await primed([votes], () => vote(p.code, trackUri('leave'), p.host.token));
      await primed([rooms], () => p.host.call(LOCK, { c: p.code, l: false }));

      const left = await p.fan.call(LEAVE_ROOM, { c: p.code });
      expect(left.data!.leaveRoom).toBe(true);
      await within(Promise.all([votes.ended, rooms.ended]), 1000, 'The subscriptions ending');
      expect(errorCode(await p.fan.call(ROOM, { c: p.code }))).toBe('FORBIDDEN');
    });
  });

  describe('bans', () => {
    it('keeps a banned Spotify user out (FORBIDDEN, reason BANNED)', async () => {
      const p = await party();
      const banned = await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.fan.id, b: true });
      expect(banned.data!.removeParticipant).toBe(true);
      const rejoin = await p.fan.call(JOIN_ROOM, { c: p.code });
      expect(errorCode(rejoin)).toBe('FORBIDDEN');
      expect(errorReason(rejoin)).toBe('BANNED');
      // Their account still works elsewhere.
      expect((await p.fan.call(ME)).errors).toBeUndefined();
      const log = await p.host.call(MODERATION_LOG, { c: p.code });
      expect(log.data!.room.moderationLog[0]).toMatchObject({
        action: 'PARTICIPANT_BANNED',
        target: { id: p.fan.id },
      });
    });

    it("stops a banned guest's session everywhere and ends its subscriptions", async () => {
      const p = await party();
      const votes = live<{ seq: number }>(p.guest.token, VOTE_UPDATED, p.code);
      await primed([votes], () => vote(p.code, trackUri('ban'), p.host.token));

      await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.guest.id, b: true });
      await within(votes.ended, 1000, 'The subscription ending');
      for (const response of [
        await p.guest.call(ME),
        await p.guest.call(ROOM, { c: p.code }),
        await p.guest.call(JOIN_ROOM, { c: p.code }),
      ]) {
        expect(errorCode(response)).toBe('FORBIDDEN');
        expect(errorReason(response)).toBe('BANNED');
      }
      const again = live<{ seq: number }>(p.guest.token, VOTE_UPDATED, p.code);
      await again.ended;
      expect(again.events).toEqual([]);
      expect(again.errors[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN', reason: 'BANNED' },
      });
    });

    it('lets a co-host ban a guest but not a co-host', async () => {
      const p = await party();
      await p.host.call(SET_ROLE, { c: p.code, u: p.fan.id, r: 'CO_HOST' });
      const coHostBan = await p.fan.call(REMOVE_PARTICIPANT, { c: p.code, u: p.host.id, b: true });
      expect(errorCode(coHostBan)).toBe('FORBIDDEN');
      const guestBan = await p.fan.call(REMOVE_PARTICIPANT, { c: p.code, u: p.guest.id, b: true });
      expect(guestBan.data!.removeParticipant).toBe(true);
      expect(errorReason(await p.guest.call(ME))).toBe('BANNED');
    });
  });

  describe('the lock', () => {
    it('refuses new guests while locked; participants stay; unlocking lets them in again', async () => {
      const p = await party();
      const updates = live<RoomUpdate>(p.fan.token, ROOM_UPDATED, p.code);
      await primed([updates], () => p.host.call(LOCK, { c: p.code, l: false }));
      const saw = updates.events.length;
      const locked = await p.host.call(LOCK, { c: p.code, l: true });
      expect(locked.errors).toBeUndefined();
      expect(locked.data!.updateRoom).toEqual({ locked: true });
      expect((await updates.waitFor(saw + 1))[saw].locked).toBe(true);

      const newcomer = await run(t, joinAsGuestOperation(p.code, 'Late'));
      expect(errorCode(newcomer)).toBe('FORBIDDEN');
      expect(errorReason(newcomer)).toBe('ROOM_LOCKED');
      // Those inside stay and vote; a guest who was removed cannot slip back in meanwhile.
      expect((await vote(p.code, trackUri('locked'), p.guest.token)).errors).toBeUndefined();
      expect((await p.host.call(ROOM, { c: p.code })).data!.room).toMatchObject({
        locked: true,
        participantCount: 3,
      });
      await p.host.call(REMOVE_PARTICIPANT, { c: p.code, u: p.guest.id });
      expect(errorReason(await p.guest.call(JOIN_ROOM, { c: p.code }))).toBe('ROOM_LOCKED');

      const unlocked = await p.host.call(LOCK, { c: p.code, l: false });
      expect(unlocked.data!.updateRoom).toEqual({ locked: false });
      expect((await run(t, joinAsGuestOperation(p.code, 'Late'))).errors).toBeUndefined();

      const log = await p.host.call(MODERATION_LOG, { c: p.code });
      expect(log.data!.room.moderationLog.map((a: any) => a.action)).toEqual([
        'ROOM_UNLOCKED',
        'PARTICIPANT_REMOVED',
        'ROOM_LOCKED',
      ]);
    });
  });

  describe('removeTrack', () => {
    it('takes a track out for good: votes and adding it again get CONFLICT TRACK_REMOVED', async () => {
      const p = await party();
      const uri = trackUri('removed');
      const kept = trackUri('kept');
      await vote(p.code, uri, p.guest.token);
      await vote(p.code, kept, p.guest.token);
      const updates = live<RoomUpdate>(p.fan.token, ROOM_UPDATED, p.code);
      await primed([updates], () => p.host.call(LOCK, { c: p.code, l: false }));
      const saw = updates.events.length;

      const removed = await p.host.call(REMOVE_TRACK, { c: p.code, t: uri });
      expect(removed.errors).toBeUndefined();
      expect(removed.data!.removeTrack).toEqual({ uri, status: 'REMOVED' });
      await updates.waitFor(saw + 1);

      for (const response of [
        await vote(p.code, uri, p.fan.token),
        await vote(p.code, uri, p.guest.token, false),
        await p.fan.call(ADD_TRACK, { c: p.code, t: uri }),
      ]) {
        expect(response.data).toBeNull();
        expect(errorCode(response)).toBe('CONFLICT');
        expect(errorReason(response)).toBe('TRACK_REMOVED');
      }
      const all = await p.guest.call(TRACKS, { c: p.code });
      expect(all.data!.room.tracks).toEqual([{ uri: kept, status: 'QUEUED' }]);
      const forHost = await p.host.call(TRACKS, { c: p.code, s: 'REMOVED' });
      expect(forHost.data!.room.tracks).toEqual([{ uri, status: 'REMOVED' }]);
      const forGuest = await p.guest.call(TRACKS, { c: p.code, s: 'REMOVED' });
      expect(forGuest.data!.room.tracks).toEqual([]);
      const log = await p.host.call(MODERATION_LOG, { c: p.code });
      expect(log.data!.room.moderationLog[0]).toMatchObject({
        action: 'TRACK_REMOVED',
        actor: { id: p.host.id },
        target: null,
        trackUri: uri,
      });
    });

    it('lets a co-host remove a track and shows it REMOVED to them; refuses a guest', async () => {
      const p = await party();
      const uri = trackUri('cohost');
      await p.guest.call(ADD_TRACK, { c: p.code, t: uri });
      const byGuest = await p.guest.call(REMOVE_TRACK, { c: p.code, t: uri });
      expect(errorCode(byGuest)).toBe('FORBIDDEN');
      await p.host.call(SET_ROLE, { c: p.code, u: p.fan.id, r: 'CO_HOST' });
      const byCoHost = await p.fan.call(REMOVE_TRACK, { c: p.code, t: uri });
      expect(byCoHost.data!.removeTrack).toEqual({ uri, status: 'REMOVED' });
      const seen = await p.fan.call(TRACKS, { c: p.code, s: 'REMOVED' });
      expect(seen.data!.room.tracks).toEqual([{ uri, status: 'REMOVED' }]);
      const unknown = await p.fan.call(REMOVE_TRACK, { c: p.code, t: trackUri('never') });
      expect(errorCode(unknown)).toBe('NOT_FOUND');
    });

    it('takes the playing track off nowPlaying', async () => {
      const p = await party();
      const uri = trackUri('playing');
      await p.guest.call(ADD_TRACK, { c: p.code, t: uri });
      // As playTrack leaves it (without the host's Spotify, which this test does not need).
      const data = t.app.get(DataSource);
      const track = await data.getRepository(RoomTrack).findOneByOrFail({ roomId: p.room.id, uri });
      await data.getRepository(RoomTrack).update({ id: track.id }, { status: TrackStatus.PLAYING });
      await data.getRepository(Room).update({ id: p.room.id }, { nowPlayingTrackId: track.id });
      expect((await p.guest.call(TRACKS, { c: p.code })).data!.room.nowPlaying).toEqual({ uri });

      const removed = await p.host.call(REMOVE_TRACK, { c: p.code, t: uri });
      expect(removed.data!.removeTrack.status).toBe('REMOVED');
      const after = await p.guest.call(TRACKS, { c: p.code });
      expect(after.data!.room).toEqual({ nowPlaying: null, tracks: [] });
    });
  });
});
