import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { ConfigValidationError } from './config-validation.error.js';
import { loadOrCreateDevSecret } from './dev-secrets.js';

/** Environment variables are strings: reads "1", "true", "yes" or "on" as true. */
const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value,
  );

/** Environment variables are strings: reads a set one as a number (validated by @IsInt after). */
const ToNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value)));

/** Every environment variable the server reads, validated once at boot. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message:
      'DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://user@host:port/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @ToNumber()
  @IsInt()
  @Min(60)
  JWT_EXPIRES_IN = 7 * 24 * 3600;

  @ToNumber()
  @IsInt()
  @Min(60)
  GUEST_SESSION_EXPIRES_IN = 24 * 3600;

  @IsOptional()
  @MinLength(32, { message: 'TOKEN_ENCRYPTION_KEY must be at least 32 characters long' })
  TOKEN_ENCRYPTION_KEY?: string;

  @IsOptional()
  @IsString()
  SPOTIFY_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  SPOTIFY_CLIENT_SECRET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SPOTIFY_REDIRECT_URI?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SPOTIFY_ACCOUNTS_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SPOTIFY_API_URL?: string;

  @ToNumber()
  @IsInt()
  @Min(100)
  SPOTIFY_TIMEOUT_MS = 5000;

  /** Comma-separated origins allowed by CORS; empty means same-origin only. */
  @IsString()
  CORS_ORIGINS = '';

  /** Comma-separated origins that /auth/login may redirect back to. */
  @IsString()
  FRONTEND_ORIGINS = '';

  /** Where guests reach the web app (the join link and QR code), e.g. http://192.168.1.20:3000. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  PLAYGROUND?: boolean;

  /** Serves Prometheus metrics at GET /metrics (unauthenticated: keep it off the public network). */
  @ToBoolean()
  @IsBoolean()
  METRICS = false;

  /** Logins (GET /auth/login and /auth/callback) per client address and minute. */
  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN = 30;

  /** joinAsGuest per client address and minute; a whole party may share one venue address. */
  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_GUEST_JOIN = 120;

  /** GraphQL mutations per user and minute (votes included). */
  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_MUTATIONS = 300;

  /**
   * Autoplay: how often a room's driver asks Spotify what plays while a track plays far from its
   * end (one call per room per interval; Spotify counts calls per app).
   */
  @ToNumber()
  @IsInt()
  @Min(200)
  PLAYBACK_POLL_MS = 5000;

  /** Autoplay: how often a room without an active device looks again (the party resumes within it). */
  @ToNumber()
  @IsInt()
  @Min(200)
  @Max(20_000)
  PLAYBACK_DEVICE_POLL_MS = 10_000;

  /** Autoplay: how long an instance owns a room it drives without renewing (hand-over time). */
  @ToNumber()
  @IsInt()
  @Min(300)
  @Max(60_000)
  PLAYBACK_LEASE_MS = 9000;

  /** Autoplay: first wait after Spotify refused (Premium, login, outage); doubles up to the max. */
  @ToNumber()
  @IsInt()
  @Min(100)
  PLAYBACK_BACKOFF_MS = 5000;

  @ToNumber()
  @IsInt()
  @Min(100)
  PLAYBACK_BACKOFF_MAX_MS = 60_000;
  /**
   * Presence (Room.activeParticipantCount): how long an operation on a room keeps its caller
   * counted as active.
   */
  @ToNumber()
  @IsInt()
  @Min(500)
  PRESENCE_WINDOW_MS = 600_000;

  /**
   * Presence: how often an instance renews the marks of its live subscriptions. A mark expires
   * after three of them, so an instance that died stops counting within 3 heartbeats.
   */
  @ToNumber()
  @IsInt()
  @Min(100)
  @Max(15_000)
  PRESENCE_HEARTBEAT_MS = 10_000;

  /** How long a room's updates are kept for subscribers resuming with afterSeq. */
  @ToNumber()
  @IsInt()
  @Min(1)
  EVENT_LOG_RETENTION_HOURS = 24;
}

export type Env = EnvironmentVariables & {
  JWT_SECRET: string;
  TOKEN_ENCRYPTION_KEY: string;
  PLAYGROUND: boolean;
};

function emptyToUndefined(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== ''));
}

/**
 * ConfigModule's `validate`: stops the boot with a message that names every wrong variable.
 * Outside production, missing secrets are generated once and kept in DATA_DIR so that sessions
 * survive restarts; in production they are required, and so are Spotify credentials.
 */
export function validateEnv(config: Record<string, unknown>): Env {
  const env = plainToInstance(EnvironmentVariables, emptyToUndefined(config), {
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { skipMissingProperties: false });
  const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  const production = env.NODE_ENV === 'production';
  if (production) {
    for (const name of [
      'JWT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
      'SPOTIFY_CLIENT_ID',
      'SPOTIFY_CLIENT_SECRET',
    ] as const) {
      if (!env[name]) messages.push(`${name} is required when NODE_ENV=production`);
    }
  }
  if (env.SPOTIFY_CLIENT_ID && !env.SPOTIFY_CLIENT_SECRET) {
    messages.push('SPOTIFY_CLIENT_SECRET is required when SPOTIFY_CLIENT_ID is set');
  }
  if (messages.length > 0) throw new ConfigValidationError(messages);
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? loadOrCreateDevSecret(env.DATA_DIR, 'jwt-secret'),
    TOKEN_ENCRYPTION_KEY:
      env.TOKEN_ENCRYPTION_KEY ?? loadOrCreateDevSecret(env.DATA_DIR, 'token-encryption-key'),
    PLAYGROUND: env.PLAYGROUND ?? !production,
  };
}
