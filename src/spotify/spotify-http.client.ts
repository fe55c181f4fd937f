import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { SpotifyError, SpotifyException } from './spotify.exception.js';

export interface SpotifyHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SpotifyHttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** What an error answer says, whatever its shape: Web API JSON, Accounts JSON or plain text. */
export interface SpotifyErrorBody {
  message: string;
  /** Web API `error.reason` (e.g. PREMIUM_REQUIRED) or the Accounts `error` code (e.g. invalid_grant). */
  reason?: string;
}

/** Longest Retry-After we wait out in-request; longer ones go back to the client. */
const MAX_RETRY_AFTER_WAIT_SECONDS = 3;
/** Retry-After is always sent by Spotify; should it be missing, a short pause is the safe guess. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const TRANSIENT_BACKOFF_MS = 250;
const MAX_MESSAGE_LENGTH = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}

/** Retry-After is delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_SECONDS;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Reads an error body without trusting it to be JSON (some 403s are plain text). */
export function parseErrorBody(response: SpotifyHttpResponse): SpotifyErrorBody {
  const fallback = `Spotify answered HTTP ${response.status}`;
  const text = response.text.trim();
  if (text === '') return { message: fallback };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: text.slice(0, MAX_MESSAGE_LENGTH) };
  }
  if (!isRecord(parsed)) return { message: fallback };
  const { error } = parsed;
  if (isRecord(error)) {
    return {
      message: typeof error.message === 'string' ? error.message : fallback,
      reason: typeof error.reason === 'string' ? error.reason : undefined,
    };
  }
  if (typeof error === 'string') {
    const description = parsed.error_description;
    return { message: typeof description === 'string' ? description : error, reason: error };
  }
  return { message: fallback };
}

/**
 * The one place for Spotify's failure policy: every call has a timeout; a short 429 is waited out
 * and retried once, a long one or an exhausted quota goes back as TOO_MANY_REQUESTS; reads get one
 * retry after a 5xx or a timeout (writes do not: the player might have executed them).
 */
@Injectable()
export class SpotifyHttpClient {
  private readonly logger = new Logger(SpotifyHttpClient.name);

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Sends a request under the policy; answers below 500 other than 429 are returned as they are. */
  async send(request: SpotifyHttpRequest): Promise<SpotifyHttpResponse> {
    const label = `${request.method} ${pathOf(request.url)}`;
    let transientRetried = false;
    let rateLimitRetried = false;
    for (;;) {
      let response: SpotifyHttpResponse;
      try {
        response = await this.metrics.spotifyCall(request.method, request.url, () =>
          this.attempt(request),
        );
      } catch (error) {
        const why =
          error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
        if (request.method === 'GET' && !transientRetried) {
          transientRetried = true;
          this.logger.warn(`Spotify ${label} ${why}; retrying once`);
          await sleep(TRANSIENT_BACKOFF_MS);
          continue;
        }
        this.logger.warn(`Spotify ${label} ${why}; giving up`);
        throw new SpotifyException(SpotifyError.UNAVAILABLE);
      }

      if (response.status === 429) {
        const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
        const { reason } = parseErrorBody(response);
        if (reason === 'QUOTA_EXCEEDED') {
          this.logger.warn(`Spotify ${label}: quota exceeded (retry after ${retryAfterSeconds}s)`);
          throw new SpotifyException(SpotifyError.QUOTA_EXCEEDED, undefined, { retryAfterSeconds });
        }
        if (retryAfterSeconds <= MAX_RETRY_AFTER_WAIT_SECONDS && !rateLimitRetried) {
          rateLimitRetried = true;
          this.logger.warn(`Spotify ${label}: rate limited, waiting ${retryAfterSeconds}s`);
          await sleep(retryAfterSeconds * 1000);
          continue;
        }
        this.logger.warn(`Spotify ${label}: rate limited (retry after ${retryAfterSeconds}s)`);
        throw new SpotifyException(SpotifyError.RATE_LIMITED, undefined, { retryAfterSeconds });
      }

      if (response.status >= 500) {
        if (request.method === 'GET' && !transientRetried) {
          transientRetried = true;
          this.logger.warn(`Spotify ${label} answered ${response.status}; retrying once`);
          await sleep(TRANSIENT_BACKOFF_MS);
          continue;
        }
        this.logger.warn(`Spotify ${label} answered ${response.status}; giving up`);
        throw new SpotifyException(SpotifyError.UNAVAILABLE);
      }
      return response;
    }
  }

  /** Maps a Web API error answer (4xx) to the product's exception. */
  apiError(response: SpotifyHttpResponse): SpotifyException {
    const { message, reason } = parseErrorBody(response);
    switch (response.status) {
      case 400:
        return new SpotifyException(
          SpotifyError.BAD_REQUEST,
          `Spotify rejected the request: ${message}`,
        );
      case 401:
        return new SpotifyException(SpotifyError.REAUTH_REQUIRED);
      case 403:
        if (reason === 'PREMIUM_REQUIRED') {
          return new SpotifyException(SpotifyError.PREMIUM_REQUIRED);
        }
        return new SpotifyException(
          SpotifyError.FORBIDDEN,
          `Spotify refused the request: ${message}`,
        );
      case 404:
        if (reason === 'NO_ACTIVE_DEVICE') {
          return new SpotifyException(SpotifyError.NO_ACTIVE_DEVICE);
        }
        if (/device/i.test(message)) return new SpotifyException(SpotifyError.DEVICE_NOT_FOUND);
        return new SpotifyException(SpotifyError.NOT_FOUND);
      default:
        this.logger.warn(`Spotify answered an unexpected HTTP ${response.status}`);
        return new SpotifyException(
          SpotifyError.BAD_REQUEST,
          `Spotify rejected the request (HTTP ${response.status}): ${message}`,
        );
    }
  }

  private async attempt(request: SpotifyHttpRequest): Promise<SpotifyHttpResponse> {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.spotify.timeoutMs),
    });
    // The body is read under the same timeout signal: a stalled body counts as a timeout.
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }
}
