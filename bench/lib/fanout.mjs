import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from './server-process.mjs';
import { VOTE, VOTE_UPDATED, gql } from './operations.mjs';
import { percentile } from './stats.mjs';

const WORKER = fileURLToPath(new URL('../fanout-worker.mjs', import.meta.url));

/**
 * Subscriber processes (separate from the server and from this coordinator) and the bookkeeping
 * that turns their per-worker reports into "the last subscriber of all got event `seq` at t".
 */
export class SubscriberPool {
  constructor(workers) {
    this.workers = workers;
    /** Subscribers per worker, as last reported. */
    this.counts = workers.map(() => 0);
    /** seq → { reports, first, last } while not every worker has reported it. */
    this.partial = new Map();
    /** seq → { first, last } once every subscriber has it. */
    this.complete = new Map();
    this.waiters = new Set();
    this.failures = 0;
    this.lastFailure = '';
    workers.forEach((worker, index) => worker.on('message', (m) => this.onMessage(index, m)));
  }

  static async start(count) {
    const workers = await Promise.all(
      Array.from({ length: count }, async () => {
        const worker = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        await new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        return worker;
      }),
    );
    return new SubscriberPool(workers);
  }

  get subscribers() {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  onMessage(index, message) {
    if (message.type !== 'complete') return;
    const active = this.counts.filter((n) => n > 0).length;
    const entry = this.partial.get(message.seq) ?? { reports: 0, first: Infinity, last: 0 };
    entry.reports++;
    entry.first = Math.min(entry.first, message.first);
    entry.last = Math.max(entry.last, message.last);
    if (entry.reports < active) {
      this.partial.set(message.seq, entry);
      return;
    }
    this.partial.delete(message.seq);
    this.complete.set(message.seq, { first: entry.first, last: entry.last });
    for (const waiter of this.waiters) waiter();
  }

  request(worker, message) {
    return new Promise((resolve) => {
      const listen = (reply) => {
        if (reply.type !== `${message.type}:done`) return;
        worker.off('message', listen);
        resolve(reply);
      };
      worker.on('message', listen);
      worker.send(message);
    });
  }

  async all(message, perWorker = () => ({})) {
    const replies = await Promise.all(
      this.workers.map((worker, i) => this.request(worker, { ...message, ...perWorker(i) })),
    );
    replies.forEach((reply, i) => (this.counts[i] = reply.subscribers));
    this.failures = replies.reduce((sum, r) => sum + r.failures, 0);
    this.lastFailure = replies.map((r) => r.lastFailure).find(Boolean) ?? '';
    this.partial.clear();
    return replies;
  }

  /** Adds subscribers, one token each, spread evenly over the workers. */
  add(wsUrl, code, tokens) {
    const n = this.workers.length;
    return this.all({ type: 'connect', wsUrl, code, query: VOTE_UPDATED }, (i) => ({
      tokens: tokens.filter((_, j) => j % n === i),
    }));
  }

  closeAll() {
    return this.all({ type: 'close' });
  }

  async stop() {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise((resolve) => {
            if (worker.exitCode !== null) return resolve();
            worker.once('exit', resolve);
            worker.send({ type: 'exit' });
            setTimeout(() => worker.kill('SIGKILL'), 3000).unref();
          }),
      ),
    );
  }

  /** The first event after `afterSeq` that every subscriber received, or null after `timeoutMs`. */
  nextComplete(afterSeq, timeoutMs) {
    const find = () => {
      let best = null;
      for (const [seq, times] of this.complete) {
        if (seq > afterSeq && (!best || seq < best.seq)) best = { seq, ...times };
      }
      return best;
    };
    return new Promise((resolve) => {
      const found = find();
      if (found) return resolve(found);
      const waiter = () => {
        const hit = find();
        if (!hit) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(null);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  get lastCompleteSeq() {
    return Math.max(0, ...this.complete.keys());
  }
}

/**
 * With `k` subscribers in place: warm-up votes until one event reaches every subscriber (the
 * server registers a subscription some time after the subscribe message; graphql-ws has no ack
 * for it), `whenIdle()`, then `votes` votes one after another, each timed from just before the HTTP request to
 * its arrival at the last subscriber.
 */
export async function measureFanout({
  target,
  pool,
  party,
  uris,
  votes,
  voteTimeoutMs,
  whenIdle,
  serverCpuMs,
}) {
  let counter = 0;
  const vote = async () => {
    const guest = party.guests[counter % party.guests.length];
    const trackUri = uris[counter % uris.length];
    const isLike = Math.floor(counter / uris.length) % 2 === 0;
    counter++;
    const input = { code: party.room.code, trackUri, isLike };
    await gql(target.url, VOTE, { input }, guest.token);
  };

  let afterSeq = pool.lastCompleteSeq;
  let warmedUp = false;
  for (let attempt = 0; attempt < 15 && !warmedUp; attempt++) {
    await vote();
    const hit = await pool.nextComplete(afterSeq, 2000);
    if (hit) {
      warmedUp = true;
      afterSeq = hit.seq;
    }
  }
  if (!warmedUp) throw new Error(`No event reached all ${pool.subscribers} subscribers`);
  // Every subscription is registered now, and nothing is being sent: the idle state.
  if (whenIdle) await whenIdle();
  else await sleep(200);
  afterSeq = pool.lastCompleteSeq;

  const cpuBefore = serverCpuMs?.();
  const last = [];
  const first = [];
  const http = [];
  let lost = 0;
  for (let i = 0; i < votes; i++) {
    const sent = nowMs();
    await vote();
    http.push(nowMs() - sent);
    const hit = await pool.nextComplete(afterSeq, voteTimeoutMs);
    if (!hit) {
      lost++;
      afterSeq = pool.lastCompleteSeq;
      continue;
    }
    afterSeq = hit.seq;
    last.push(hit.last - sent);
    first.push(hit.first - sent);
    // Lets the server finish its own bookkeeping after the last write, so votes don't overlap.
    await sleep(5);
  }
  const cpuMs = serverCpuMs ? serverCpuMs() - cpuBefore : null;
  return {
    subscribers: pool.subscribers,
    /** Server CPU per delivered event and subscriber (µs), the votes themselves included. */
    serverCpuUsPerDelivery: cpuMs === null ? null : (1000 * cpuMs) / (votes * pool.subscribers),
    votes,
    lost,
    lastP50: percentile(last, 50),
    lastP99: percentile(last, 99),
    firstP50: percentile(first, 50),
    voteHttpP50: percentile(http, 50),
  };
}
