import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { gql as apolloGql } from '@apollo/client';
import { Logger } from '@nestjs/common';
import { MessageType } from 'graphql-ws';
import pg from 'pg';
import { WebSocket } from 'ws';
import { createPartyClient } from './support/apollo.js';
import { adminPostgresUrl, usePostgres } from './support/databases.js';
import { eventually } from './support/eventually.js';
import {
  createRoom,
  joinAsGuest,
  perform,
  trackUri,
  voteOperation,
  voteUpdatedOperation,
} from './support/factories.js';
import { gql } from './support/graphql.js';
import { subscribe, wsClient } from './support/subscriptions.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const VOTE_UPDATED = apolloGql`
  subscription VoteUpdated($code: String!, $afterSeq: Int) {
    voteUpdated(code: $code, afterSeq: $afterSeq) {
      trackUri
      likes
      seq
    }
  }
`;

/**
 * The test's own database becomes unreachable, as in an outage, without touching the shared
 * server: its connections are ended and new ones refused; then it lets them in again.
 */
function databaseOutage(databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminPostgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    begin: async () => {
      await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
      );
    },
    end: () => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`),
  };
}

// Node.js 20 has no global WebSocket, and Apollo's GraphQLWsLink reads it when a subscription
// ends with an error (docs/client-guide.md).
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

// An outage of the embedded SQLite file has no natural cause; its failure codes are covered by
// src/common/errors/client-error.spec.ts.
const describeOutage = usePostgres ? describe : describe.skip;

describeOutage('A database outage (PostgreSQL)', () => {
  let t: TestApp;
  let outage: ReturnType<typeof databaseOutage>;
  const logged = jest.spyOn(Logger.prototype, 'error');

  beforeAll(async () => {
    t = await startTestApp();
    outage = databaseOutage(t.env.DATABASE_URL);
  });
  afterAll(async () => {
    await outage?.end();
    logged.mockRestore();
    await t?.close();
  });

  it('answers SERVICE_UNAVAILABLE (503, retryable), logs one line, and a resuming client catches up after it', async () => {
    const { host, room } = await createRoom(t, 2);
    const guest = await joinAsGuest(t, room.code);
    const before = trackUri('outage-before');
    const during = trackUri('outage-during');
    await perform(
      t,
      voteOperation({ code: room.code, trackUri: before, isLike: true }),
      host.token,
    );
    // The app stored the seq of the last update it showed: 1.
    let token: string | null = guest.token;
    const { client, socket } = createPartyClient({
      url: `${t.url}/graphql`,
      getToken: () => token,
      webSocketImpl: WebSocket,
    });
    const raw = wsClient(t.wsUrl, guest.token);
    try {
      await outage.begin();
      const outageLines = () =>
        logged.mock.calls.filter(([message]) => String(message).includes('unavailable')).length;
      const linesBefore = outageLines();

      // Every vote refused in the outage says: unavailable, retry; none says internal error.
      const refused = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          gql(
            t.url,
            voteOperation({ code: room.code, trackUri: during, isLike: true }).query,
            { input: { code: room.code, trackUri: during, isLike: i % 2 === 0 } },
            i % 2 === 0 ? host.token : guest.token,
          ),
        ),
      );
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(answer.data).toBeNull();
        expect(answer.errors).toEqual([
          expect.objectContaining({
            message: 'The service is unavailable for a moment: retry',
            extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
          }),
        ]);
      }
      expect(outageLines()).toBe(linesBefore + 1);

      // A subscription that cannot start ends with that error, not with a normal completion.
      const plain = subscribe(raw, voteUpdatedOperation(room.code, 'seq'));
      expect(await plain.ended).toBe('error');
      expect(plain.errors).toEqual([
        [expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } })],
      ]);

      // The guide's client, subscribing after seq 1 in the outage, keeps trying by itself.
      let refusals = 0;
      socket.on('message', (message) => {
        if (message.type === MessageType.Error) refusals++;
      });
      const events: Array<{ trackUri: string; likes: number; seq: number }> = [];
      const failures: unknown[] = [];
      let completed = false;
      const subscription = client
        .subscribe({ query: VOTE_UPDATED, variables: { code: room.code, afterSeq: 1 } })
        .subscribe({
          next: ({ data, error }) => {
            if (error) failures.push(error);
            if (data) events.push((data as { voteUpdated: (typeof events)[number] }).voteUpdated);
          },
          error: (error: unknown) => failures.push(error),
          complete: () => (completed = true),
        });
      try {
        await eventually(() => refusals > 0, { what: 'the client refused in the outage' });
        await outage.end();
        // Retried as the contract says: the same votes again, each counted once.
        const retried = await perform(
          t,
          voteOperation({ code: room.code, trackUri: during, isLike: true }),
          host.token,
        );
        expect(retried.vote).toMatchObject({ likes: 1 });
        expect(
          (
            await perform(
              t,
              voteOperation({ code: room.code, trackUri: during, isLike: true }),
              guest.token,
            )
          ).vote,
        ).toMatchObject({ likes: 2, thresholdReached: true });
        await eventually(() => events.length === 2, {
          what: 'the votes cast after the outage',
          timeoutMs: 15_000,
        });
        expect(events.map((e) => [e.seq, e.trackUri, e.likes])).toEqual([
          [2, during, 1],
          [3, during, 2],
        ]);
        expect(failures).toEqual([]);
        expect(completed).toBe(false);
      } finally {
        subscription.unsubscribe();
      }
    } finally {
      await outage.end();
      token = null;
      await socket.dispose();
      await raw.dispose();
      client.stop();
    }
  }, 40_000);
});
