// The floor: the least a server can do for the benchmark's requests. node:http; one SQLite
// connection (the `sqlite3` package, prepared statements, the app's pragmas: WAL,
// synchronous=NORMAL, foreign keys, busy timeout) running the app's vote transaction (bump the
// room's sequence, add the track if new, insert-or-replace the vote, move the tally by the
// difference, promote the track with a conditional UPDATE); and a bare `ws` broadcast speaking
// just enough graphql-transport-ws for the same subscriber client. No framework, no GraphQL
// execution, no validation beyond what the data needs, tokens in a Map.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 3100);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? '.';

const db = new sqlite3.Database(join(dataDir, 'floor.sqlite'));

/**
 * 'run' resolves with `{ changes }`, 'get' with the first row. Rows are read with all(): a get()
 * leaves its statement open, and an open statement makes COMMIT fail with SQLITE_BUSY.
 */
function call(statement, method, ...params) {
  return new Promise((resolve, reject) =>
    statement[method === 'get' ? 'all' : method](...params, function done(error, rows) {
      if (error) reject(error);
      else resolve(method === 'run' ? this : rows[0]);
    }),
  );
}

const exec = (sql) =>
  new Promise((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));

await exec(`
  PRAGMA foreign_keys = ON;
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA busy_timeout = 10000;
  CREATE TABLE room (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
    like_threshold INTEGER NOT NULL, vote_seq INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE room_track (
    id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL REFERENCES room(id), uri TEXT NOT NULL,
    status TEXT NOT NULL, likes INTEGER NOT NULL DEFAULT 0, dislikes INTEGER NOT NULL DEFAULT 0,
    threshold_reached_at TEXT, UNIQUE (room_id, uri));
  CREATE TABLE vote (
    room_track_id INTEGER NOT NULL REFERENCES room_track(id), user_id TEXT NOT NULL,
    is_like INTEGER NOT NULL, PRIMARY KEY (room_track_id, user_id));
`);

const prepare = (sql) => db.prepare(sql);
const sql = {
  begin: prepare('BEGIN IMMEDIATE'),
  commit: prepare('COMMIT'),
  rollback: prepare('ROLLBACK'),
  insertRoom: prepare(
    "INSERT INTO room (code, status, like_threshold) VALUES (?, 'OPEN', ?) RETURNING id",
  ),
  bumpRoom: prepare(
    "UPDATE room SET vote_seq = vote_seq + 1 WHERE id = ? AND status = 'OPEN' RETURNING vote_seq, like_threshold",
  ),
  addTrack: prepare(
    "INSERT INTO room_track (room_id, uri, status) VALUES (?, ?, 'QUEUED') ON CONFLICT (room_id, uri) DO NOTHING",
  ),
  trackId: prepare('SELECT id FROM room_track WHERE room_id = ? AND uri = ?'),
  previousVote: prepare('SELECT is_like FROM vote WHERE room_track_id = ? AND user_id = ?'),
  putVote: prepare(
    'INSERT OR REPLACE INTO vote (room_track_id, user_id, is_like) VALUES (?, ?, ?)',
  ),
  moveTally: prepare(
    'UPDATE room_track SET likes = likes + ?, dislikes = dislikes + ? WHERE id = ?',
  ),
  promote: prepare(
    "UPDATE room_track SET status = 'READY', threshold_reached_at = ? WHERE id = ? AND status = 'QUEUED' AND likes >= ?",
  ),
  track: prepare('SELECT likes, dislikes, status FROM room_track WHERE id = ?'),
};

/** One connection: transactions queue up, as the app's TransactionRunner does on SQLite. */
let queue = Promise.resolve();
function transaction(work) {
  const result = queue.then(async () => {
    await call(sql.begin, 'run');
    try {
      const value = await work();
      await call(sql.commit, 'run');
      return value;
    } catch (error) {
      await call(sql.rollback, 'run');
      throw error;
    }
  });
  queue = result.catch(() => undefined);
  return result;
}

const rooms = new Map(); // code → { id, code, likeThreshold, subscribers: Set<{ ws, id }> }
const sessions = new Map(); // token → { userId, roomId }

class RequestError extends Error {}

async function vote(session, { code, trackUri, isLike }) {
  const room = rooms.get(code);
  if (!room || room.id !== session.roomId) throw new RequestError('FORBIDDEN');
  if (typeof trackUri !== 'string' || typeof isLike !== 'boolean') {
    throw new RequestError('BAD_USER_INPUT');
  }
  const tally = await transaction(async () => {
    const bumped = await call(sql.bumpRoom, 'get', room.id);
    if (!bumped) throw new RequestError('ROOM_CLOSED');
    await call(sql.addTrack, 'run', room.id, trackUri);
    const { id: trackId } = await call(sql.trackId, 'get', room.id, trackUri);
    const previous = await call(sql.previousVote, 'get', trackId, session.userId);
    const like = isLike ? 1 : 0;
    let likes = 0;
    let dislikes = 0;
    if (!previous) [likes, dislikes] = isLike ? [1, 0] : [0, 1];
    else if (previous.is_like !== like) [likes, dislikes] = isLike ? [1, -1] : [-1, 1];
    if (likes !== 0 || dislikes !== 0) {
      await call(sql.putVote, 'run', trackId, session.userId, like);
      await call(sql.moveTally, 'run', likes, dislikes, trackId);
    }
    const promoted = await call(
      sql.promote,
      'run',
      new Date().toISOString(),
      trackId,
      bumped.like_threshold,
    );
    const track = await call(sql.track, 'get', trackId);
    return {
      trackId,
      track,
      seq: bumped.vote_seq,
      likeThreshold: bumped.like_threshold,
      thresholdReached: promoted.changes === 1,
    };
  });
  const update = {
    roomCode: room.code,
    trackUri,
    likes: tally.track.likes,
    dislikes: tally.track.dislikes,
    likeThreshold: tally.likeThreshold,
    play: tally.track.likes >= tally.likeThreshold,
    thresholdReached: tally.thresholdReached,
    seq: tally.seq,
    at: new Date().toISOString(),
    track: null,
  };
  broadcast(room, update);
  return {
    status: 'vote_registered',
    trackUri,
    likes: update.likes,
    dislikes: update.dislikes,
    likeThreshold: update.likeThreshold,
    play: update.play,
    thresholdReached: update.thresholdReached,
    track: {
      id: String(tally.trackId),
      uri: trackUri,
      likes: update.likes,
      dislikes: update.dislikes,
      status: tally.track.status,
      myVote: isLike,
      track: null,
    },
  };
}

/** Serialises once per subscription id (one id for all subscribers in practice), not per socket. */
function broadcast(room, voteUpdated) {
  const frames = new Map();
  for (const subscriber of room.subscribers) {
    let frame = frames.get(subscriber.id);
    if (!frame) {
      frame = JSON.stringify({
        id: subscriber.id,
        type: 'next',
        payload: { data: { voteUpdated } },
      });
      frames.set(subscriber.id, frame);
    }
    subscriber.ws.send(frame);
  }
}

async function createRoom({ input }) {
  const code = randomBytes(3).toString('hex').toUpperCase();
  const { id } = await transaction(() => call(sql.insertRoom, 'get', code, input.likeThreshold));
  rooms.set(code, { id, code, likeThreshold: input.likeThreshold, subscribers: new Set() });
  return { id: String(id), code, likeThreshold: input.likeThreshold };
}

function joinAsGuest({ code }) {
  const room = rooms.get(code);
  if (!room) throw new RequestError('NOT_FOUND');
  const token = randomBytes(24).toString('base64url');
  const userId = randomUUID();
  sessions.set(token, { userId, roomId: room.id });
  return { accessToken: token, user: { id: userId } };
}

function sessionOf(authorization) {
  const token = typeof authorization === 'string' ? authorization.replace(/^Bearer /, '') : '';
  return sessions.get(token);
}

async function graphql(body, authorization) {
  const { query = '', variables = {} } = body;
  if (query.includes('createRoom')) return { createRoom: await createRoom(variables) };
  if (query.includes('joinAsGuest')) return { joinAsGuest: joinAsGuest(variables) };
  const session = sessionOf(authorization);
  if (!session) throw new RequestError('UNAUTHENTICATED');
  if (query.includes('vote(')) return { vote: await vote(session, variables.input ?? {}) };
  throw new RequestError('BAD_REQUEST');
}

function reply(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return reply(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql') {
    return reply(res, 404, { error: 'not found' });
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400, { errors: [{ message: 'Request body is not valid JSON' }] });
    }
    graphql(body, req.headers.authorization).then(
      (data) => reply(res, 200, { data }),
      (error) => {
        const code = error instanceof RequestError ? error.message : 'INTERNAL_SERVER_ERROR';
        if (!(error instanceof RequestError)) console.error(error);
        reply(res, 200, { data: null, errors: [{ message: code, extensions: { code } }] });
      },
    );
  });
});

const sockets = new WebSocketServer({ server, path: '/graphql', maxPayload: 64 * 1024 });
sockets.on('connection', (ws) => {
  let session = null;
  const subscriptions = new Map(); // id → { room, subscriber }
  ws.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(String(data));
    } catch {
      return ws.close(4400, 'Invalid message');
    }
    switch (message.type) {
      case 'connection_init':
        session = sessionOf(message.payload?.authorization);
        if (!session) return ws.close(4403, 'Forbidden');
        return ws.send('{"type":"connection_ack"}');
      case 'subscribe': {
        const room = rooms.get(message.payload?.variables?.code);
        if (!session) return ws.close(4401, 'Unauthorized');
        if (!room || room.id !== session.roomId) {
          return ws.send(
            JSON.stringify({ id: message.id, type: 'error', payload: [{ message: 'FORBIDDEN' }] }),
          );
        }
        const subscriber = { ws, id: message.id };
        room.subscribers.add(subscriber);
        subscriptions.set(message.id, { room, subscriber });
        return undefined;
      }
      case 'complete': {
        const subscription = subscriptions.get(message.id);
        subscription?.room.subscribers.delete(subscription.subscriber);
        subscriptions.delete(message.id);
        return undefined;
      }
      case 'ping':
        return ws.send('{"type":"pong"}');
      default:
        return undefined;
    }
  });
  ws.on('close', () => {
    for (const { room, subscriber } of subscriptions.values()) room.subscribers.delete(subscriber);
    subscriptions.clear();
  });
});

server.keepAliveTimeout = 65_000;
server.listen(port, host);

function shutdown() {
  for (const client of sockets.clients) client.terminate();
  server.close();
  server.closeAllConnections();
  db.close(() => process.exit(0));
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
