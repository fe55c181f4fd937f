// The floor: the least a server can do for the benchmark's requests. node:http; one SQLite
// connection through `better-sqlite3` (synchronous, statements prepared once, the app's pragmas:
// WAL, synchronous=NORMAL, foreign keys, busy timeout) running the app's vote work in one
// transaction (bump the room's sequence, add the track if new, insert-or-replace the vote, move the
// tally by the difference, promote the track with a conditional UPDATE); and a bare `ws` broadcast
// speaking just enough graphql-transport-ws for the same subscriber client. No framework, no
// GraphQL execution, no validation beyond what the data needs, tokens in a Map. It also answers the
// layer probes (`{ __typename }`, `me`, `room(code)`) the same way, from memory.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 3100);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? '.';

const db = new Database(join(dataDir, 'floor.sqlite'));
db.pragma('foreign_keys = ON');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 10000');
db.exec(`
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

const sql = {
  insertRoom: db.prepare(
    "INSERT INTO room (code, status, like_threshold) VALUES (?, 'OPEN', ?) RETURNING id",
  ),
  bumpRoom: db.prepare(
    "UPDATE room SET vote_seq = vote_seq + 1 WHERE id = ? AND status = 'OPEN' RETURNING vote_seq, like_threshold",
  ),
  addTrack: db.prepare(
    "INSERT INTO room_track (room_id, uri, status) VALUES (?, ?, 'QUEUED') ON CONFLICT (room_id, uri) DO NOTHING",
  ),
  trackId: db.prepare('SELECT id FROM room_track WHERE room_id = ? AND uri = ?'),
  previousVote: db.prepare('SELECT is_like FROM vote WHERE room_track_id = ? AND user_id = ?'),
  putVote: db.prepare(
    'INSERT OR REPLACE INTO vote (room_track_id, user_id, is_like) VALUES (?, ?, ?)',
  ),
  moveTally: db.prepare(
    'UPDATE room_track SET likes = likes + ?, dislikes = dislikes + ? WHERE id = ?',
  ),
  promote: db.prepare(
    "UPDATE room_track SET status = 'READY', threshold_reached_at = ? WHERE id = ? AND status = 'QUEUED' AND likes >= ?",
  ),
  track: db.prepare('SELECT likes, dislikes, status FROM room_track WHERE id = ?'),
};

/** The vote's database work: one IMMEDIATE transaction, as the app's TransactionRunner does. */
const countVote = db.transaction((roomId, userId, trackUri, isLike) => {
  const bumped = sql.bumpRoom.get(roomId);
  if (!bumped) throw new RequestError('ROOM_CLOSED');
  sql.addTrack.run(roomId, trackUri);
  const { id: trackId } = sql.trackId.get(roomId, trackUri);
  const previous = sql.previousVote.get(trackId, userId);
  const like = isLike ? 1 : 0;
  let likes = 0;
  let dislikes = 0;
  if (!previous) [likes, dislikes] = isLike ? [1, 0] : [0, 1];
  else if (previous.is_like !== like) [likes, dislikes] = isLike ? [1, -1] : [-1, 1];
  if (likes !== 0 || dislikes !== 0) {
    sql.putVote.run(trackId, userId, like);
    sql.moveTally.run(likes, dislikes, trackId);
  }
  const promoted = sql.promote.run(new Date().toISOString(), trackId, bumped.like_threshold);
  return {
    trackId,
    track: sql.track.get(trackId),
    seq: bumped.vote_seq,
    likeThreshold: bumped.like_threshold,
    thresholdReached: promoted.changes === 1,
  };
}).immediate;

const rooms = new Map(); // code → { id, code, likeThreshold, subscribers: Set<{ ws, id }> }
const sessions = new Map(); // token → { userId, roomId }

class RequestError extends Error {}

function vote(session, { code, trackUri, isLike }) {
  const room = rooms.get(code);
  if (!room || room.id !== session.roomId) throw new RequestError('FORBIDDEN');
  if (typeof trackUri !== 'string' || typeof isLike !== 'boolean') {
    throw new RequestError('BAD_USER_INPUT');
  }
  const tally = countVote(room.id, session.userId, trackUri, isLike);
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

function createRoom({ input }) {
  const code = randomBytes(3).toString('hex').toUpperCase();
  const { id } = sql.insertRoom.get(code, input.likeThreshold);
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

function graphql(body, authorization) {
  const { query = '', variables = {} } = body;
  if (query === '{ __typename }') return { __typename: 'Query' };
  if (query.includes('createRoom')) return { createRoom: createRoom(variables) };
  if (query.includes('joinAsGuest')) return { joinAsGuest: joinAsGuest(variables) };
  const session = sessionOf(authorization);
  if (!session) throw new RequestError('UNAUTHENTICATED');
  if (query.includes('vote(')) return { vote: vote(session, variables.input ?? {}) };
  if (query.includes('me {')) return { me: { id: session.userId, isGuest: true } };
  if (query.includes('room(')) {
    const room = rooms.get(variables.code);
    if (!room || room.id !== session.roomId) throw new RequestError('FORBIDDEN');
    return { room: { likeThreshold: room.likeThreshold } };
  }
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
    let data;
    try {
      data = graphql(body, req.headers.authorization);
    } catch (error) {
      const code = error instanceof RequestError ? error.message : 'INTERNAL_SERVER_ERROR';
      if (!(error instanceof RequestError)) console.error(error);
      return reply(res, 200, { data: null, errors: [{ message: code, extensions: { code } }] });
    }
    return reply(res, 200, { data });
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
  db.close();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
