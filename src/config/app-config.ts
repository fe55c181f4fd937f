import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from './env.validation.js';

export const SANDBOX_MOUNT_PATH = '/sandbox/spotify';
export const SANDBOX_CLIENT_ID = 'sandbox-client-id';
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';

export interface SpotifySettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accountsUrl: string;
  apiUrl: string;
  timeoutMs: number;
  /** True when no Spotify credentials are configured and the built-in sandbox stands in. */
  sandbox: boolean;
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
  constructor(private readonly config: ConfigService<Env, true>) {}

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
  get logLevel(): string {
    return this.get('LOG_LEVEL');
  }
  get playground(): boolean {
    return this.get('PLAYGROUND');
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
  get eventLogRetentionHours(): number {
    return this.get('EVENT_LOG_RETENTION_HOURS');
  }
  /** Where this server is reached from the machine itself (the sandbox and redirect defaults). */
  get localBaseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get spotify(): SpotifySettings {
    const clientId = this.get('SPOTIFY_CLIENT_ID');
    const sandbox = !clientId;
    const sandboxBase = `${this.localBaseUrl}${SANDBOX_MOUNT_PATH}`;
    return {
      sandbox,
      clientId: clientId ?? SANDBOX_CLIENT_ID,
      clientSecret: this.get('SPOTIFY_CLIENT_SECRET') ?? SANDBOX_CLIENT_SECRET,
      redirectUri: this.get('SPOTIFY_REDIRECT_URI') ?? `${this.localBaseUrl}/auth/callback`,
      accountsUrl: (
        this.get('SPOTIFY_ACCOUNTS_URL') ??
        (sandbox ? `${sandboxBase}/accounts` : 'https://accounts.spotify.com')
      ).replace(/\/$/, ''),
      apiUrl: (
        this.get('SPOTIFY_API_URL') ??
        (sandbox ? `${sandboxBase}/v1` : 'https://api.spotify.com/v1')
      ).replace(/\/$/, ''),
      timeoutMs: this.get('SPOTIFY_TIMEOUT_MS'),
    };
  }
}
