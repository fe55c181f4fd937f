import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PUB_SUB, REDIS } from '../realtime/realtime.constants.js';
import { redisConnections } from '../realtime/redis-connection.js';
import { OperationNames, routeLabel, spotifyEndpointLabel } from './metrics.labels.js';

/** Seconds: from a sub-millisecond floor to the slowest a client should ever wait. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DATABASE_PING_TIMEOUT_MS = 1500;

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The app's Prometheus metrics, each in a registry of this instance (tests boot several apps in
 * one process). With METRICS off every method returns at its first line: no metric is created,
 * nothing is timed, and the hooks in other modules cost one property read.
 */
@Injectable()
export class MetricsService {
  readonly enabled: boolean;
  readonly registry = new Registry();
  private readonly operationNames = new OperationNames();
  /** Counted with a plain number: a delivery per subscriber per event is the hottest path. */
  private deliveries = 0;
  private subscriberCount: () => number = () => 0;

  private readonly httpRequests?: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration?: Histogram<'method' | 'route'>;
  private readonly operations?: Counter<'type' | 'operation' | 'outcome'>;
  private readonly operationDuration?: Histogram<'type' | 'operation'>;
  private readonly votes?: Counter<'vote'>;
  private readonly spotifyCalls?: Counter<'endpoint' | 'status'>;
  private readonly spotifyDuration?: Histogram<'endpoint'>;

  constructor(
    config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {
    this.enabled = config.metrics;
    if (!this.enabled) return;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.httpRequests = new Counter({
      name: 'party_http_requests_total',
      help: 'HTTP requests answered, by method, top-level route and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'party_http_request_duration_seconds',
      help: 'Time from request to the last byte of the answer, by method and top-level route',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.operations = new Counter({
      name: 'party_graphql_operations_total',
      help: 'GraphQL operations over HTTP, by type, operation name and outcome (ok or error)',
      labelNames: ['type', 'operation', 'outcome'],
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'party_graphql_operation_duration_seconds',
      help: 'GraphQL operations over HTTP: time from request to response, by type and name',
      labelNames: ['type', 'operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.votes = new Counter({
      name: 'party_votes_counted_total',
      help: 'Votes counted (committed), by like or dislike',
      labelNames: ['vote'],
      registers,
    });
    this.spotifyCalls = new Counter({
      name: 'party_spotify_requests_total',
      help: 'Requests to Spotify (each attempt), by endpoint and HTTP status; "error" when no answer came',
      labelNames: ['endpoint', 'status'],
      registers,
    });
    this.spotifyDuration = new Histogram({
      name: 'party_spotify_request_duration_seconds',
      help: 'Time Spotify took to answer one attempt, by endpoint',
      labelNames: ['endpoint'],
      buckets: LATENCY_BUCKETS,
      registers,
    });

    const subscriberCount = () => this.subscriberCount();
    new Gauge({
      name: 'party_subscription_sockets',
      help: 'WebSocket connections open for GraphQL subscriptions on this instance',
      registers,
      collect() {
        this.set(subscriberCount());
      },
    });
    const deliveries = () => this.deliveries;
    new Counter({
      name: 'party_subscription_events_delivered_total',
      help: 'Subscription events sent to subscribers (one per subscriber and event)',
      registers,
      collect() {
        this.reset();
        this.inc(deliveries());
      },
    });
    const databaseUp = () => this.databaseUp();
    new Gauge({
      name: 'party_database_up',
      help: '1 when the database answers SELECT 1 within 1.5 s, 0 otherwise',
      registers,
      async collect() {
        this.set(await databaseUp());
      },
    });
    if (this.redis) {
      const redisUp = () => this.redisUp();
      new Gauge({
        name: 'party_redis_up',
        help: '1 when every Redis connection of this instance is ready, 0 otherwise',
        registers,
        collect() {
          this.set(redisUp());
        },
      });
    }
  }

  /** Called when a response has been sent, `elapsedMs` after the request arrived. */
  httpRequestServed(method: string, url: string | undefined, status: number, elapsedMs: number) {
    if (!this.enabled) return;
    const route = routeLabel(url);
    this.httpRequests?.inc({ method, route, status: String(status) });
    this.httpDuration?.observe({ method, route }, elapsedMs / 1000);
  }

  graphqlOperation(
    type: string,
    name: string | null | undefined,
    failed: boolean,
    started: bigint,
  ): void {
    if (!this.enabled) return;
    const operation = this.operationNames.label(name);
    this.operations?.inc({ type, operation, outcome: failed ? 'error' : 'ok' });
    this.operationDuration?.observe({ type, operation }, secondsSince(started));
  }

  voteCounted(isLike: boolean): void {
    if (!this.enabled) return;
    this.votes?.inc({ vote: isLike ? 'like' : 'dislike' });
  }

  /** How many subscription sockets are open, read at scrape time. */
  countSubscribersWith(count: () => number): void {
    this.subscriberCount = count;
  }

  subscriptionEventDelivered(): void {
    this.deliveries++;
  }

  /** Runs one Spotify request attempt, counting it by endpoint and status (429s included). */
  async spotifyCall<T extends { status: number }>(
    method: string,
    url: string,
    attempt: () => Promise<T>,
  ): Promise<T> {
    if (!this.enabled) return attempt();
    const endpoint = spotifyEndpointLabel(method, url);
    const started = process.hrtime.bigint();
    let status = 'error';
    try {
      const response = await attempt();
      status = String(response.status);
      return response;
    } finally {
      this.spotifyCalls?.inc({ endpoint, status });
      this.spotifyDuration?.observe({ endpoint }, secondsSince(started));
    }
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async databaseUp(): Promise<number> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_PING_TIMEOUT_MS);
      return 1;
    } catch {
      return 0;
    }
  }

  private redisUp(): number {
    const connections = redisConnections(this.redis, this.pubSub);
    return connections.every(({ client }) => client.status === 'ready') ? 1 : 0;
  }
}
