// A process holding many graphql-ws (graphql-transport-ws protocol) subscribers of one room, kept
// apart from the server and from the process that sends the votes. It reports, per event `seq`,
// when the last of its own subscribers received it, on the system-wide monotonic clock.
import { WebSocket } from 'ws';

const PROTOCOL = 'graphql-transport-ws';
const CONNECT_CONCURRENCY = 100;
const ACK_TIMEOUT_MS = 20_000;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Subscribers whose subscribe message went out and that have not failed. */
const sockets = [];
/** seq → { count, first, last } for events not yet seen by every subscriber. */
const pending = new Map();
let failures = 0;
/** True while this worker closes its own sockets on purpose. */
let closing = false;
let lastFailure = '';
let malformed = 0;

function send(message) {
  process.send?.(message);
}

function fail(reason) {
  failures++;
  lastFailure = reason;
}

function onEvent(data) {
  const at = nowMs();
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    malformed++;
    return;
  }
  if (message.type === 'error' || message.payload?.errors) {
    fail(`subscription error: ${JSON.stringify(message.payload).slice(0, 300)}`);
    return;
  }
  if (message.type !== 'next') return;
  const seq = message.payload?.data?.voteUpdated?.seq;
  if (typeof seq !== 'number') {
    malformed++;
    return;
  }
  const entry = pending.get(seq) ?? { count: 0, first: at, last: at };
  entry.count++;
  entry.last = at;
  pending.set(seq, entry);
  if (entry.count === sockets.length) {
    pending.delete(seq);
    send({ type: 'complete', seq, first: entry.first, last: entry.last });
  }
}

/** Opens one socket, authenticates in connection_init, subscribes once acknowledged. */
function connect({ wsUrl, token, code, query }) {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, PROTOCOL, { perMessageDeflate: false });
    let settled = false;
    const done = (ok, reason) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (ok) sockets.push(ws);
      else {
        fail(reason);
        ws.terminate();
      }
      resolve();
    };
    const timer = setTimeout(() => done(false, 'no connection_ack in time'), ACK_TIMEOUT_MS);
    ws.on('open', () => {
      ws.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      );
    });
    ws.on('message', (data) => {
      if (!settled) {
        const message = JSON.parse(String(data));
        if (message.type === 'connection_ack') {
          ws.send(
            JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { code } } }),
          );
          done(true);
        }
        return;
      }
      const text = String(data);
      // graphql-ws servers may ping inside the protocol; an unanswered ping closes the socket.
      if (text.startsWith('{"type":"ping"')) ws.send('{"type":"pong"}');
      else onEvent(text);
    });
    ws.on('error', (error) => done(false, error.message));
    ws.on('close', (closeCode, reason) => {
      if (!settled) done(false, `closed ${closeCode} ${String(reason)}`);
      else if (!closing) {
        const at = sockets.indexOf(ws);
        if (at >= 0) sockets.splice(at, 1);
        fail(`closed by the server: ${closeCode} ${String(reason)}`);
      }
    });
  });
}

async function connectAll({ wsUrl, code, query, tokens }) {
  let next = 0;
  const lane = async () => {
    while (next < tokens.length) {
      const token = tokens[next++];
      await connect({ wsUrl, token, code, query });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, tokens.length) }, lane));
  // Events seen by the smaller set of subscribers can never complete now.
  pending.clear();
}

async function closeAll() {
  closing = true;
  await Promise.all(
    sockets.splice(0).map(
      (ws) =>
        new Promise((resolve) => {
          ws.once('close', resolve);
          ws.close(1000);
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 2000).unref();
        }),
    ),
  );
  pending.clear();
  closing = false;
}

process.on('message', (message) => {
  const reply = (extra) =>
    send({
      type: `${message.type}:done`,
      subscribers: sockets.length,
      failures,
      lastFailure,
      malformed,
      ...extra,
    });
  switch (message.type) {
    case 'connect':
      connectAll(message).then(
        () => reply(),
        (error) => reply({ error: String(error) }),
      );
      break;
    case 'close':
      closeAll().then(
        () => reply(),
        (error) => reply({ error: String(error) }),
      );
      break;
    case 'exit':
      process.exit(0);
      break;
    default:
      reply({ error: `unknown message ${String(message.type)}` });
  }
});

// Never outlive the coordinator.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
