import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, specifiedRules, type ExecutionResult } from 'graphql';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { SubscriptionServer } from 'subscriptions-transport-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthRequest, AuthUser } from '../auth/auth-user.js';
import { AuthTokenService } from '../auth/auth-token.service.js';
import { toClientError } from '../common/errors/client-error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { isServiceUnavailable } from '../common/errors/service-unavailable.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { formatExecutionResult, formatGraphqlError } from './format-error.js';
import { GRAPHQL_PATH } from './graphql-path.js';
import { createArmor, parseOnce, validateWithGuardRails } from './guard-rails.js';
import {
  DIRECT_DELIVERY,
  type DirectDelivery,
  subscribeSharingResults,
} from './shared-subscription-execution.js';

/** The legacy protocol's sub-protocol name, spoken by GraphQL Playground. */
const LEGACY_PROTOCOL = 'graphql-ws';
/** WebSocket close code 1001: the server is going away; clients reconnect elsewhere. */
const GOING_AWAY = 1001;
const KEEP_ALIVE_MS = 10_000;
/** How often sockets are checked for an expired token: one ends at most this long after it. */
const TOKEN_CHECK_MS = 5_000;
/** graphql-ws's Forbidden, as for a refused token at connection time. */
const FORBIDDEN = 4403;

export interface GraphQLContext {
  req: AuthRequest;
}

function authorizationOf(params: unknown): unknown {
  if (!params || typeof params !== 'object') return undefined;
  const p = params as Record<string, unknown>;
  const headers = p.headers as Record<string, unknown> | undefined;
  return p.authorization ?? p.Authorization ?? headers?.authorization ?? headers?.Authorization;
}

/** Drops the token from connection params once it has been checked. */
function forgetAuthorization(params: Record<string, unknown> | undefined): void {
  if (!params) return;
  delete params.authorization;
  delete params.Authorization;
  const headers = params.headers as Record<string, unknown> | undefined;
  if (headers && typeof headers === 'object') {
    delete headers.authorization;
    delete headers.Authorization;
  }
}

/**
 * A subscription that could not start because the database or Redis is down ends with that
 * error (an `error` message), not with a result and a normal completion: a client that
 * resubscribes only on an error then tries again. Other refusals (NOT_FOUND, FORBIDDEN...) are
 * answered as before.
 */
function endUnavailable(
  result: AsyncIterable<ExecutionResult> | ExecutionResult,
): AsyncIterable<ExecutionResult> | undefined {
  if (Symbol.asyncIterator in result || !result.errors) return undefined;
  const unavailable = result.errors.find(
    (error) =>
      error.extensions.code === ErrorCode.SERVICE_UNAVAILABLE || isServiceUnavailable(error),
  );
  if (!unavailable) return undefined;
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(unavailable) }),
  };
}

/**
 * Subscriptions over both WebSocket protocols on /graphql: graphql-ws (modern Apollo clients) and
 * the legacy subscriptions-transport-ws (GraphQL Playground). The socket is authenticated once, at
 * connection time, from the payload `{ authorization: "Bearer …" }`; every operation then gets the
 * same `{ req: { headers, user } }` context as HTTP, so one guard and @CurrentUser() serve all.
 * The socket lasts as long as its token: when the token expires it is closed with 4403, as a
 * refused token is at connection time (within TOKEN_CHECK_MS).
 */
@Injectable()
export class SubscriptionsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  private readonly modern = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly legacy = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private disposeModern?: () => Promise<void>;
  private legacyServer?: SubscriptionServer;
  private legacyKeepAlive?: NodeJS.Timeout;
  private tokenCheck?: NodeJS.Timeout;
  /** When each socket's token expires (ms since the epoch). */
  private readonly expiresAt = new WeakMap<WebSocket, number>();
  private httpServer?: Server;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly tokens: AuthTokenService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const schema = this.schemaHost.schema;
    const production = this.config.production;
    const encodeResult = (result: ExecutionResult) => JSON.stringify(formatExecutionResult(result));

    const modern = useServer<Record<string, unknown> | undefined, { user?: AuthUser }>(
      {
        schema,
        execute,
        subscribe: subscribeSharingResults,
        parse: parseOnce(),
        validate: validateWithGuardRails(production),
        // graphql-ws hands over the awaited result (its type says it may still be a promise).
        onOperation: (_ctx, _id, _payload, _args, result) =>
          endUnavailable(result as AsyncIterable<ExecutionResult> | ExecutionResult),
        // Errors that end a subscription (an `error` message) are shaped as every other error;
        // graphql-js's own (validation) carry no original error and pass as they are.
        onError: (_ctx, _id, _payload, errors) =>
          errors.map((error) =>
            error.originalError ? formatGraphqlError(error.toJSON(), error) : error.toJSON(),
          ),
        onNext: (_ctx, _id, _payload, _args, result) => {
          if (this.metrics.enabled) this.metrics.subscriptionEventDelivered();
          return formatExecutionResult(result);
        },
        onConnect: (ctx) => {
          // The upgrade request (headers, raw headers, parser state) is not needed once the socket
          // is open; graphql-ws would keep it for the socket's life, a few KB per subscriber.
          (ctx.extra as { request?: IncomingMessage }).request = undefined;
          try {
            const { user, expiresAt } = this.tokens.verifyConnection(
              authorizationOf(ctx.connectionParams),
            );
            ctx.extra.user = user;
            if (expiresAt !== null) this.expiresAt.set(ctx.extra.socket, expiresAt);
            // Checked once for the socket's life: graphql-ws would keep the token for it too.
            forgetAuthorization(ctx.connectionParams);
            return true;
          } catch (error) {
            this.logger.debug(`graphql-ws connection refused: ${(error as Error).message}`);
            return false;
          }
        },
        context: (ctx, id): GraphQLContext & { [DIRECT_DELIVERY]: DirectDelivery } => {
          const socket = ctx.extra.socket;
          return {
            req: { headers: {}, user: ctx.extra.user },
            // Shared subscriptions (voteUpdated) write their events here themselves, each
            // event encoded once for every subscriber; what onNext does is done here.
            [DIRECT_DELIVERY]: {
              id,
              send: (frame) => {
                if (socket.readyState !== socket.OPEN) return;
                socket.send(frame);
                if (this.metrics.enabled) this.metrics.subscriptionEventDelivered();
              },
              encode: encodeResult,
            },
          };
        },
      },
      this.modern,
      KEEP_ALIVE_MS,
    );
    this.disposeModern = async () => {
      await modern.dispose();
    };

    this.legacyServer = SubscriptionServer.create(
      {
        schema,
        execute,
        subscribe: subscribeSharingResults,
        validationRules: [...specifiedRules, ...createArmor(production).validationRules],
        onOperation: (_message: unknown, params: object) => ({
          ...params,
          formatResponse: formatExecutionResult,
        }),
        onConnect: (params: unknown, socket: WebSocket): GraphQLContext => {
          try {
            const { user, expiresAt } = this.tokens.verifyConnection(authorizationOf(params));
            if (expiresAt !== null) this.expiresAt.set(socket, expiresAt);
            return { req: { headers: {}, user } };
          } catch (error) {
            throw new Error(toClientError(error).message, { cause: error });
          }
        },
      },
      this.legacy,
    );
    // The library's own keep-alive leaves one interval per socket running up to 10 s after the
    // socket closed; one shared, unref'd timer does the same job and stops with the server. It
    // also pings, as graphql-ws does: a socket that did not answer the last ping is dropped, so a
    // client gone without closing ends its subscriptions (and presence) within two rounds.
    const answered = new WeakSet<WebSocket>();
    this.legacy.on('connection', (client: WebSocket) => {
      answered.add(client);
      client.on('pong', () => answered.add(client));
    });
    this.legacyKeepAlive = setInterval(() => {
      for (const client of this.legacy.clients) {
        if (client.readyState !== client.OPEN) continue;
        if (!answered.delete(client)) {
          client.terminate();
          continue;
        }
        client.ping();
        client.send('{"type":"ka"}');
      }
    }, KEEP_ALIVE_MS).unref();

    this.tokenCheck = setInterval(() => this.closeExpired(), TOKEN_CHECK_MS).unref();

    this.metrics.countSubscribersWith(() => this.modern.clients.size + this.legacy.clients.size);
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== GRAPHQL_PATH) {
      socket.destroy();
      return;
    }
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const server = protocols.includes(GRAPHQL_TRANSPORT_WS_PROTOCOL)
      ? this.modern
      : protocols.includes(LEGACY_PROTOCOL)
        ? this.legacy
        : null;
    if (!server) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\nUnsupported WebSocket sub-protocol\r\n');
      return;
    }
    server.handleUpgrade(req, socket, head, (ws: WebSocket) => server.emit('connection', ws, req));
  };

  /** Ends the sockets whose token has expired: their subscriptions end with them. */
  private closeExpired(): void {
    const now = Date.now();
    for (const clients of [this.modern.clients, this.legacy.clients]) {
      for (const client of clients) {
        const expiresAt = this.expiresAt.get(client);
        if (expiresAt === undefined || expiresAt > now || client.readyState !== client.OPEN) {
          continue;
        }
        client.close(FORBIDDEN, 'Forbidden: the access token has expired');
      }
    }
  }

  /**
   * Closes every socket with 1001 so clients reconnect to another instance. This runs before the
   * HTTP server closes: upgraded sockets count as open connections, so the server's close would
   * otherwise wait for them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    clearInterval(this.legacyKeepAlive);
    clearInterval(this.tokenCheck);
    for (const client of [...this.modern.clients, ...this.legacy.clients]) {
      client.close(GOING_AWAY, 'Server shutting down');
    }
    await this.disposeModern?.();
    this.legacyServer?.close();
  }
}
