import autocannon from 'autocannon';
import { VOTE } from './operations.mjs';
import { percentile } from './stats.mjs';

/**
 * `vote` mutations over keep-alive HTTP. Every request takes the next (guest, track) pair from a
 * shared counter, so consecutive votes come from different guests on different tracks; after one
 * round over all pairs the next round flips the votes, so later votes change counts as well.
 * A response counts as an error unless it is HTTP 200 with `"status":"vote_registered"` and no
 * `errors` in the body.
 */
export async function measureVotes({ target, party, uris, connections, durationSeconds, state }) {
  const guests = party.guests;
  const pairs = guests.length * uris.length;
  const code = party.room.code;
  let badBodies = 0;
  let firstBadBody = null;
  let checked = 0;
  // autocannon's histogram keeps whole milliseconds; the floor answers in less than one.
  const latencies = [];

  const result = await autocannon({
    url: `${target.url}/graphql`,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
    setupClient: (client) => {
      client.on('response', (_status, _bytes, responseTime) => latencies.push(responseTime));
    },
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request) => {
          const i = state.counter++;
          const guest = guests[i % guests.length];
          // Round q pairs guest r with track r + q: over guests × tracks votes, every pair once.
          const trackUri =
            uris[((i % guests.length) + Math.floor(i / guests.length)) % uris.length];
          const isLike = Math.floor(i / pairs) % 2 === 0;
          request.headers = {
            'content-type': 'application/json',
            authorization: `Bearer ${guest.token}`,
          };
          request.body = JSON.stringify({
            query: VOTE,
            variables: { input: { code, trackUri, isLike } },
          });
          return request;
        },
        onResponse: (status, body) => {
          checked++;
          const ok =
            status === 200 &&
            body.includes('"status":"vote_registered"') &&
            !body.includes('"errors"');
          if (!ok) {
            badBodies++;
            firstBadBody ??= `HTTP ${status}: ${body.slice(0, 400)}`;
          }
        },
      },
    ],
  });

  const completed = result.requests.total;
  const errors = badBodies + result.errors + result.timeouts;
  return {
    connections,
    durationSeconds: result.duration,
    requests: completed,
    checked,
    votesPerSecond: (completed - badBodies) / result.duration,
    latencyP50: percentile(latencies, 50),
    latencyP99: percentile(latencies, 99),
    latencyMax: percentile(latencies, 100),
    errors,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    firstError: firstBadBody,
  };
}
