import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { AuthTokenService } from '../src/auth/auth-token.service.js';
import { UsersService } from '../src/users/users.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { collect, connectGraphqlWs, SocketClosedError } from './support/subscriptions.js';
import { handshake, LegacySocket } from './support/websockets.js';

// graphql-armor lets `__typename` aliases through, so the bomb aliases a real field.
const ALIAS_BOMB = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;

describe('Subscriptions transport: graphql-ws and the legacy protocol on /graphql', () => {
  let t: TestApp;
  let token: string;
  let displayName: string;

  beforeAll(async () => {
    t = await startTestApp();
    displayName = `Guest ${Date.now()}`;
    const user = await t.app.get(UsersService).createGuest(displayName);
    token = t.app.get(AuthTokenService).issueForUser(user.id).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('graphql-ws (graphql-transport-ws)', () => {
    it('acknowledges a connection with a valid token and runs operations as that user', async () => {
      const client = await connectGraphqlWs(t.wsUrl, token);
      try {
        const results = await collect(client, '{ me { displayName isGuest } }');
        expect(results).toEqual([{ data: { me: { displayName, isGuest: true } } }]);
      } finally {
        await client.dispose();
      }
    });

    it.each([
      ['a tampered token', 'eyJhbGciOiJIUzI1NiJ9.e30.bad'],
      ['no token', undefined],
    ])('closes the socket with 4403 for %s', async (_, badToken) => {
      const refused = connectGraphqlWs(t.wsUrl, badToken);
      await expect(refused).rejects.toBeInstanceOf(SocketClosedError);
      await expect(refused).rejects.toMatchObject({ code: 4403 });
    });

    it('applies the same guard rails as HTTP', async () => {
      const client = await connectGraphqlWs(t.wsUrl, token);
      try {
        await expect(collect(client, ALIAS_BOMB)).rejects.toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/Aliases limit of 15 exceeded/),
          }),
        ]);
      } finally {
        await client.dispose();
      }
    });
  });

  describe('legacy subscriptions-transport-ws (sub-protocol graphql-ws, GraphQL Playground)', () => {
    it('acknowledges connection_init with a valid token and runs operations', async () => {
      const socket = await LegacySocket.open(t.wsUrl);
      try {
        socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
        expect(await socket.next()).toEqual({ type: 'connection_ack' });

        socket.send({ id: '1', type: 'start', payload: { query: '{ me { displayName } }' } });
        expect(await socket.next()).toEqual({
          id: '1',
          type: 'data',
          payload: { data: { me: { displayName } } },
        });
        expect(await socket.next()).toMatchObject({ id: '1', type: 'complete' });
      } finally {
        socket.close();
      }
    });

    it('answers a bad token with connection_error', async () => {
      const socket = await LegacySocket.open(t.wsUrl);
      try {
        socket.send({ type: 'connection_init', payload: { authorization: 'Bearer nope' } });
        const message = await socket.next();
        expect(message.type).toBe('connection_error');
        expect(message.payload.message).toMatch(/token/i);
      } finally {
        socket.close();
      }
    });

    it('answers a missing token with connection_error', async () => {
      const socket = await LegacySocket.open(t.wsUrl);
      try {
        socket.send({ type: 'connection_init', payload: {} });
        expect((await socket.next()).type).toBe('connection_error');
      } finally {
        socket.close();
      }
    });
  });

  it('refuses an unknown sub-protocol, no sub-protocol and another path', async () => {
    expect(await handshake(t.wsUrl, 'graphql-unknown')).toEqual({ opened: false, status: 400 });
    expect(await handshake(t.wsUrl)).toEqual({ opened: false, status: 400 });
    expect(
      await handshake(t.wsUrl.replace('/graphql', '/elsewhere'), 'graphql-transport-ws'),
    ).toMatchObject({ opened: false });
  });
});

describe('Subscriptions when the token expires', () => {
  let t: TestApp;
  /** A token of this user that expires in about two seconds. */
  let shortToken: () => string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp();
    userId = (await t.app.get(UsersService).createGuest('Short-lived')).id;
    shortToken = () => t.app.get(JwtService).sign({ sub: userId }, { expiresIn: 2 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('closes a graphql-ws socket with 4403 once its token has expired', async () => {
    const token = shortToken();
    const client = await connectGraphqlWs(t.wsUrl, token);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.on('closed', (event) => resolve(event as { code: number; reason: string })),
    );
    try {
      // Still a working socket before its token expires.
      expect(await collect(client, '{ me { id } }')).toEqual([{ data: { me: { id: userId } } }]);
      const { exp } = t.app.get(JwtService).decode<{ exp: number }>(token);
      const { code, reason } = await closed;
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
      expect({ code, reason }).toEqual({
        code: 4403,
        reason: 'Forbidden: the access token has expired',
      });
    } finally {
      await client.dispose();
    }
  }, 15_000);

  it('closes a legacy socket the same way', async () => {
    const socket = await LegacySocket.open(t.wsUrl);
    try {
      socket.send({
        type: 'connection_init',
        payload: { authorization: `Bearer ${shortToken()}` },
      });
      expect(await socket.next()).toEqual({ type: 'connection_ack' });
      expect(await socket.closed).toEqual({
        code: 4403,
        reason: 'Forbidden: the access token has expired',
      });
    } finally {
      socket.close();
    }
  }, 15_000);

  it('keeps a socket whose token is valid', async () => {
    const token = t.app.get(AuthTokenService).issueForUser(userId).accessToken;
    const client = await connectGraphqlWs(t.wsUrl, token);
    let closed = false;
    client.on('closed', () => (closed = true));
    try {
      // The server's check closes the short-lived token's socket next to it, not this one.
      const short = await connectGraphqlWs(t.wsUrl, shortToken());
      await new Promise<void>((resolve) => short.on('closed', () => resolve()));
      await short.dispose();
      expect(closed).toBe(false);
      expect(await collect(client, '{ me { id } }')).toEqual([{ data: { me: { id: userId } } }]);
    } finally {
      await client.dispose();
    }
  }, 15_000);
});

describe('Subscriptions when the app closes', () => {
  it('closes both kinds of socket with 1001 so clients reconnect elsewhere', async () => {
    const t = await startTestApp();
    const user = await t.app.get(UsersService).createGuest('Leaving');
    const token = t.app.get(AuthTokenService).issueForUser(user.id).accessToken;

    const legacy = await LegacySocket.open(t.wsUrl);
    legacy.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    expect((await legacy.next()).type).toBe('connection_ack');

    const closedCodes: number[] = [];
    const client = await connectGraphqlWs(t.wsUrl, token);
    const modernClosed = new Promise<void>((resolve) =>
      client.on('closed', (event) => {
        closedCodes.push((event as { code: number }).code);
        resolve();
      }),
    );

    await t.close();
    await modernClosed;
    expect(closedCodes).toEqual([1001]);
    expect(await legacy.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    await client.dispose();
  });
});
