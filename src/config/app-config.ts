import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from './env.validation.js';

/**
 * Something served by this very server that stands in for Spotify when no Spotify app is
 * configured (the built-in sandbox supplies it). The product only learns its URLs and client.
 */
export interface SpotifyStandIn {
  clientId: string;
  clientSecret: string;
  /** Where this server serves it: the Accounts service at `${path}/accounts`, the Web API at `${path}/v1`. */
  path: string;
}

/** Injection token of the optional SpotifyStandIn. */
export const SPOTIFY_STAND_IN = Symbol('SPOTIFY_STAND_IN');

export interface SpotifySettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accountsUrl: string;
  apiUrl: string;
  timeoutMs: number;
  /** True when no Spotify credentials are configured and a stand-in (the built-in sandbox) serves Spotify. */
  sandbox: boolean;
}

export interface PresenceSettings {
  /** How long an operation on a room keeps its caller active. */
  windowMs: number;
  /** Between two renewals of this instance's subscription marks (and two threshold sweeps). */
  heartbeatMs: number;
  /** How long a subscription mark lasts without renewal. */
  subscriptionTtlMs: number;
  /** An active user's operation mark is rewritten at most this often. */
  touchEveryMs: number;
}

export interface PlaybackSettings {
  /** Between two looks at the host's player while a track plays far from its end. */
  pollMs: number;
  /** Between two looks while no device is active. */
  devicePollMs: number;
  /** Between two looks at the room's queue while nothing is READY (a database read, no Spotify call). */
  waitingPollMs: number;
  /** A room's driver lease; renewed every scanMs, taken over by another instance once expired. */
  leaseMs: number;
  scanMs: number;
  backoffMs: number;
  backoffMaxMs: number;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

/** Typed, derived view of the validated environment. */
@Injectable()
export class AppConfig {
  constructor(
    private readonly config: ConfigService<Env, true>,
    @Optional() @Inject(SPOTIFY_STAND_IN) private readonly standIn?: SpotifyStandIn,
  ) {}

  private get<K extends keyof Env>(key: K): Env[K] {
    return this.config.get(key, { infer: true });
  }

  get production(): boolean {
    return this.get('NODE_ENV') === 'production';
  }
  get port(): number {
    return this.get('PORT');
  }
  get host(): string {
    return this.get('HOST');
  }
  get dataDir(): string {
    return this.get('DATA_DIR');
  }
  get databaseUrl(): string | undefined {
    return this.get('DATABASE_URL');
  }
  get redisUrl(): string | undefined {
    return this.get('REDIS_URL');
  }
  get jwtSecret(): string {
    return this.get('JWT_SECRET');
  }
  get jwtExpiresIn(): number {
    return this.get('JWT_EXPIRES_IN');
  }
  get guestSessionExpiresIn(): number {
    return this.get('GUEST_SESSION_EXPIRES_IN');
  }
  get tokenEncryptionKey(): string {
    return this.get('TOKEN_ENCRYPTION_KEY');
  }
  get corsOrigins(): string[] {
    return splitList(this.get('CORS_ORIGINS'));
  }
  get frontendOrigins(): string[] {
    return splitList(this.get('FRONTEND_ORIGINS'));
  }
  /** Without a trailing slash; null when unset. */
  get publicUrl(): string | null {
    return this.get('PUBLIC_URL')?.replace(/\/+$/, '') ?? null;
  }
  get logLevel(): string {
    return this.get('LOG_LEVEL');
  }
  get playground(): boolean {
    return this.get('PLAYGROUND');
  }
  get metrics(): boolean {
    return this.get('METRICS');
  }
  get rateLimits(): {
    loginPerMinute: number;
    guestJoinPerMinute: number;
    mutationsPerMinute: number;
  } {
    return {
      loginPerMinute: this.get('RATE_LIMIT_LOGIN'),
      guestJoinPerMinute: this.get('RATE_LIMIT_GUEST_JOIN'),
      mutationsPerMinute: this.get('RATE_LIMIT_MUTATIONS'),
    };
  }
  get playback(): PlaybackSettings {
    const pollMs = this.get('PLAYBACK_POLL_MS');
    const leaseMs = this.get('PLAYBACK_LEASE_MS');
    return {
      pollMs,
      devicePollMs: this.get('PLAYBACK_DEVICE_POLL_MS'),
      waitingPollMs: Math.min(1000, pollMs),
      leaseMs,
      scanMs: Math.max(100, Math.floor(leaseMs / 3)),
      backoffMs: this.get('PLAYBACK_BACKOFF_MS'),
      backoffMaxMs: Math.max(this.get('PLAYBACK_BACKOFF_MAX_MS'), this.get('PLAYBACK_BACKOFF_MS')),
    };
  }

  get presence(): PresenceSettings {
    const windowMs = this.get('PRESENCE_WINDOW_MS');
    const heartbeatMs = this.get('PRESENCE_HEARTBEAT_MS');
    return {
      windowMs,
      heartbeatMs,
      subscriptionTtlMs: 3 * heartbeatMs,
      touchEveryMs: Math.min(10_000, Math.floor(windowMs / 4)),
    };
  }

  get eventLogRetentionHours(): number {
    return this.get('EVENT_LOG_RETENTION_HOURS');
  }
  /** Where this server is reached from the machine itself (the sandbox and redirect defaults). */
  get localBaseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get spotify(): SpotifySettings {
    const clientId = this.get('SPOTIFY_CLIENT_ID');
    // Real credentials always win; production requires them (env.validation).
    const standIn = clientId || this.production ? undefined : this.standIn;
    const standInBase = standIn && `${this.localBaseUrl}${standIn.path}`;
    return {
      sandbox: standIn !== undefined,
      clientId: clientId ?? standIn?.clientId ?? '',
      clientSecret: this.get('SPOTIFY_CLIENT_SECRET') ?? standIn?.clientSecret ?? '',
      redirectUri: this.get('SPOTIFY_REDIRECT_URI') ?? `${this.localBaseUrl}/auth/callback`,
      accountsUrl: (
        this.get('SPOTIFY_ACCOUNTS_URL') ??
        (standInBase ? `${standInBase}/accounts` : 'https://accounts.spotify.com')
      ).replace(/\/$/, ''),
      apiUrl: (
        this.get('SPOTIFY_API_URL') ??
        (standInBase ? `${standInBase}/v1` : 'https://api.spotify.com/v1')
      ).replace(/\/$/, ''),
      timeoutMs: this.get('SPOTIFY_TIMEOUT_MS'),
    };
  }
}
