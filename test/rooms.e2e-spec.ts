import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Channels } from '../src/realtime/channels.js';
import { usePostgres } from './support/databases.js';
import { eventually } from './support/eventually.js';
import { errorCode } from './support/graphql.js';
import { errorReason } from './support/moderation.js';
import {
  closeRoomOperation,
  createRoom,
  createRoomOperation,
  createSpotifyUser,
  joinAsGuest,
  joinAsGuestOperation,
  joinRoomOperation,
  leaveRoomOperation,
  meOperation,
  myRoomsOperation,
  perform,
  roomOperation,
  roomUpdatedOperation,
  run,
  updateRoomOperation,
} from './support/factories.js';
import { subscribe, untilSubscribed, wsClient } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('Rooms', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('createRoom', () => {
    it('creates an open room with a 6-character code, the host as first participant', async () => {
      const host = await createSpotifyUser(t, { displayName: 'Alex' });
      const response = await run(t, createRoomOperation({ likeThreshold: 3 }), host.token);
      expect(response.errors).toBeUndefined();
      const room = response.data!.createRoom;
      expect(room.code).toMatch(/^[A-Z0-9]{6}$/);
      expect(room).toMatchObject({
        name: "Alex's party",
        likeThreshold: 3,
        status: 'OPEN',
        participantCount: 1,
        host: { id: host.user.id, displayName: 'Alex' },
      });
      expect(room.participants).toEqual([
        {
          role: 'HOST',
          user: { id: host.user.id, displayName: 'Alex', isGuest: false, email: host.user.email },
        },
      ]);
    });

    it('gives every room its own code', async () => {
      const host = await createSpotifyUser(t);
      const codes = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const response = await run(t, createRoomOperation({ likeThreshold: 1 }), host.token);
          return response.data!.createRoom.code as string;
        }),
      );
      expect(new Set(codes).size).toBe(20);
    });

    it.each([0, -1, 1001])(
      'refuses likeThreshold %p with BAD_USER_INPUT',
      async (likeThreshold) => {
        const host = await createSpotifyUser(t);
        const response = await run(t, createRoomOperation({ likeThreshold }), host.token);
        expect(response.data).toBeNull();
        expect(errorCode(response)).toBe('BAD_USER_INPUT');
        expect(response.errors![0].message).toContain('likeThreshold');
      },
    );

    it('refuses a name longer than 80 characters', async () => {
      const host = await createSpotifyUser(t);
      const response = await run(
        t,
        createRoomOperation({ likeThreshold: 2, name: 'x'.repeat(81) }),
        host.token,
      );
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });

    it('is for Spotify users only: a guest gets FORBIDDEN', async () => {
      const { room } = await createRoom(t);
      const guest = await joinAsGuest(t, room.code);
      const response = await run(t, createRoomOperation({ likeThreshold: 2 }), guest.token);
      expect(errorCode(response)).toBe('FORBIDDEN');
    });

    it('needs a token', async () => {
      const response = await run(t, createRoomOperation({ likeThreshold: 2 }));
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    });
  });

  describe('joinAsGuest', () => {
    it('gives a guest session valid for that room, looked up case-insensitively', async () => {
      const { room } = await createRoom(t);
      const response = await run(t, joinAsGuestOperation(room.code.toLowerCase(), '  Sam  '));
      expect(response.errors).toBeUndefined();
      const session = response.data!.joinAsGuest;
      expect(session.user).toMatchObject({
        displayName: 'Sam',
        isGuest: true,
        spotifyId: null,
        email: null,
      });
      expect(session.room.code).toBe(room.code);
      expect(session.expiresIn).toBeGreaterThan(0);
      const me = await run(t, meOperation('id isGuest displayName'), session.accessToken);
      expect(me.data!.me).toEqual({ id: session.user.id, isGuest: true, displayName: 'Sam' });
      const seen = await run(t, roomOperation(room.code), session.accessToken);
      expect(seen.data!.room.participantCount).toBe(2);
    });

    it.each([
      ['an empty name', '   '],
      ['a 200-character name', 'x'.repeat(200)],
      ['a control character', 'Sam\u0007'],
    ])('refuses %s with BAD_USER_INPUT', async (_label, displayName) => {
      const { room } = await createRoom(t);
      const response = await run(t, joinAsGuestOperation(room.code, displayName));
      expect(response.data).toBeNull();
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0].message).toContain('displayName');
    });

    it('answers NOT_FOUND for an unknown room and BAD_USER_INPUT for a malformed code', async () => {
      expect(errorCode(await run(t, joinAsGuestOperation('ZZZZZ9', 'Sam')))).toBe('NOT_FOUND');
      expect(errorCode(await run(t, joinAsGuestOperation('nope', 'Sam')))).toBe('BAD_USER_INPUT');
    });

    it('refuses a closed room with CONFLICT', async () => {
      const { host, room } = await createRoom(t);
      await perform(t, closeRoomOperation(room.code), host.token);
      const response = await run(t, joinAsGuestOperation(room.code, 'Late'));
      expect(errorCode(response)).toBe('CONFLICT');
    });

    it('keeps a guest token inside its own room', async () => {
      const { room: first } = await createRoom(t);
      const { room: second } = await createRoom(t);
      const guest = await joinAsGuest(t, first.code);
      const read = await run(t, roomOperation(second.code), guest.token);
      expect(errorCode(read)).toBe('FORBIDDEN');
      const join = await run(t, joinRoomOperation(second.code), guest.token);
      expect(errorCode(join)).toBe('FORBIDDEN');
    });
  });

  describe('joinRoom, leaveRoom and visibility', () => {
    it('is idempotent and shows e-mail only to its owner', async () => {
      const { host, room } = await createRoom(t);
      const friend = await createSpotifyUser(t, { email: 'friend@example.com' });
      const join = joinRoomOperation(room.code, 'participantCount');
      expect((await run(t, join, friend.token)).data!.joinRoom.participantCount).toBe(2);
      expect((await run(t, join, friend.token)).data!.joinRoom.participantCount).toBe(2);

      const asHost = await run(t, roomOperation(room.code), host.token);
      const friendSeenByHost = asHost.data!.room.participants.find(
        (p: { user: { id: string } }) => p.user.id === friend.user.id,
      );
      expect(friendSeenByHost).toEqual({
        role: 'GUEST',
        user: {
          id: friend.user.id,
          displayName: friend.user.displayName,
          isGuest: false,
          email: null,
        },
      });
      const asFriend = await run(t, roomOperation(room.code), friend.token);
      const self = asFriend.data!.room.participants.find(
        (p: { user: { id: string } }) => p.user.id === friend.user.id,
      );
      expect(self.user.email).toBe('friend@example.com');
    });

    it('hides the room from non-participants and from those who left', async () => {
      const { room } = await createRoom(t);
      const stranger = await createSpotifyUser(t);
      expect(errorCode(await run(t, roomOperation(room.code), stranger.token))).toBe('FORBIDDEN');
      expect(errorCode(await run(t, roomOperation('QQQQQ1'), stranger.token))).toBe('NOT_FOUND');

      const guest = await joinAsGuest(t, room.code);
      const leave = await run(t, leaveRoomOperation(room.code), guest.token);
      expect(leave.data).toEqual({ leaveRoom: true });
      expect(errorCode(await run(t, roomOperation(room.code), guest.token))).toBe('FORBIDDEN');
    });

    it('does not let the host leave', async () => {
      const { host, room } = await createRoom(t);
      const leave = await run(t, leaveRoomOperation(room.code), host.token);
      expect(errorCode(leave)).toBe('CONFLICT');
    });

    it('lists myRooms newest first, without rooms left', async () => {
      const me = await createSpotifyUser(t);
      const { room: older } = await createRoom(t, 2, me);
      const { room: newer } = await createRoom(t, 2, me);
      const { room: other } = await createRoom(t);
      await perform(t, joinRoomOperation(other.code), me.token);
      await perform(t, leaveRoomOperation(other.code), me.token);
      const response = await run(t, myRoomsOperation(), me.token);
      expect(response.data!.myRooms.map((r: { code: string }) => r.code)).toEqual([
        newer.code,
        older.code,
      ]);
    });
  });

  describe('updateRoom and closeRoom', () => {
    const update = (code: string, changes: { name?: string; likeThreshold?: number }) =>
      updateRoomOperation(code, changes, 'name likeThreshold');

    it('lets the host change name and threshold', async () => {
      const { host, room } = await createRoom(t);
      const response = await run(
        t,
        update(room.code, { likeThreshold: 7, name: 'Friday' }),
        host.token,
      );
      expect(response.data).toEqual({ updateRoom: { name: 'Friday', likeThreshold: 7 } });
    });

    it('is host only, and validates the threshold', async () => {
      const { host, room } = await createRoom(t);
      const guest = await joinAsGuest(t, room.code);
      expect(errorCode(await run(t, update(room.code, { likeThreshold: 5 }), guest.token))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await run(t, update(room.code, { likeThreshold: 0 }), host.token))).toBe(
        'BAD_USER_INPUT',
      );
      const close = closeRoomOperation(room.code, 'status');
      expect(errorCode(await run(t, close, guest.token))).toBe('FORBIDDEN');
      expect((await run(t, close, host.token)).data).toEqual({
        closeRoom: { status: 'CLOSED' },
      });
    });
    // A close between the save's first check and its transaction. PostgreSQL only: a second
    // connection holds the room's row while it closes the room, so the save is sure to have passed
    // its check and to wait for the lock (SQLite has no row lock another connection could hold
    // without stopping the app's own).
    (usePostgres ? it : it.skip)(
      'takes no settings for a room closed while they were being saved',
      async () => {
        const { host, room } = await createRoom(t);
        const other = new pg.Client({ connectionString: t.env.DATABASE_URL });
        await other.connect();
        try {
          await other.query('BEGIN');
          await other.query('SELECT 1 FROM "rooms" WHERE "id" = $1 FOR UPDATE', [room.id]);
          const saving = run(t, update(room.code, { name: 'Too late' }), host.token);
          // The save waits for the row's lock, behind the check that the room is open.
          await eventually(
            async () => {
              const { rows } = await other.query<{ n: number }>(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
              );
              return rows[0].n > 0;
            },
            { what: "the save to wait for the room's row" },
          );
          await other.query('UPDATE "rooms" SET "status" = $1 WHERE "id" = $2', [
            'CLOSED',
            room.id,
          ]);
          await other.query('COMMIT');
          const refused = await saving;
          expect([errorCode(refused), errorReason(refused)]).toEqual(['CONFLICT', 'ROOM_CLOSED']);
          const { rows } = await other.query(
            'SELECT "name", "status" FROM "rooms" WHERE "id" = $1',
            [room.id],
          );
          expect(rows).toEqual([{ name: expect.not.stringMatching('Too late'), status: 'CLOSED' }]);
        } finally {
          await other.end();
        }
      },
    );
  });

  describe('roomUpdated', () => {
    it('pushes the room to participants when someone joins, leaves or the host changes it', async () => {
      const { host, room } = await createRoom(t);
      const client = wsClient(t.wsUrl, host.token);
      const updates = subscribe<{ code: string; participantCount: number; name: string }>(
        client,
        roomUpdatedOperation(room.code),
      );
      await untilSubscribed(t.app, Channels.roomUpdated(room.id));
      const guest = await joinAsGuest(t, room.code, 'Kim');
      await perform(t, leaveRoomOperation(room.code), guest.token);
      await perform(t, updateRoomOperation(room.code, { name: 'Renamed' }), host.token);
      const events = await updates.waitFor(3);
      expect(events.map((e) => [e.participantCount, e.name])).toEqual([
        [2, events[0].name],
        [1, events[0].name],
        [1, 'Renamed'],
      ]);
      await updates.dispose();
    });

    it('refuses non-participants', async () => {
      const { room } = await createRoom(t);
      const stranger = await createSpotifyUser(t);
      const updates = subscribe(
        wsClient(t.wsUrl, stranger.token),
        roomUpdatedOperation(room.code, 'code'),
      );
      await expect(updates.waitFor(1)).rejects.toThrow(/FORBIDDEN/);
      await updates.dispose();
    });
  });
});
