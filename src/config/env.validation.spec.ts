import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnv } from './env.validation.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'j'.repeat(32),
  TOKEN_ENCRYPTION_KEY: 'k'.repeat(32),
  SPOTIFY_CLIENT_ID: 'client-id',
  SPOTIFY_CLIENT_SECRET: 'client-secret',
};

describe('validateEnv', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'party-env-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies the documented defaults to an empty environment', () => {
    const env = validateEnv({ DATA_DIR: dataDir });
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      CORS_ORIGINS: '',
      PLAYGROUND: true,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('generates missing secrets once, keeps them in DATA_DIR and reuses them', () => {
    const first = validateEnv({ DATA_DIR: dataDir });
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.TOKEN_ENCRYPTION_KEY.length).toBeGreaterThanOrEqual(32);
    expect(first.JWT_SECRET).not.toBe(first.TOKEN_ENCRYPTION_KEY);
    expect(readFileSync(join(dataDir, '.jwt-secret'), 'utf8')).toBe(first.JWT_SECRET);
    expect(readFileSync(join(dataDir, '.token-encryption-key'), 'utf8')).toBe(
      first.TOKEN_ENCRYPTION_KEY,
    );
    expect(statSync(join(dataDir, '.jwt-secret')).mode & 0o777).toBe(0o600);

    const second = validateEnv({ DATA_DIR: dataDir });
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.TOKEN_ENCRYPTION_KEY).toBe(first.TOKEN_ENCRYPTION_KEY);
  });

  it('prefers configured secrets over generated ones', () => {
    const env = validateEnv({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(40) });
    expect(env.JWT_SECRET).toBe('s'.repeat(40));
  });

  it('turns Playground on outside production and off in production unless asked', () => {
    expect(validateEnv({ DATA_DIR: dataDir, NODE_ENV: 'development' }).PLAYGROUND).toBe(true);
    expect(validateEnv({ DATA_DIR: dataDir, NODE_ENV: 'test' }).PLAYGROUND).toBe(true);
    expect(validateEnv({ DATA_DIR: dataDir, PLAYGROUND: 'false' }).PLAYGROUND).toBe(false);
    expect(validateEnv(PRODUCTION).PLAYGROUND).toBe(false);
    expect(validateEnv({ ...PRODUCTION, PLAYGROUND: 'true' }).PLAYGROUND).toBe(true);
  });

  it('converts numbers and treats empty strings as unset', () => {
    const env = validateEnv({ DATA_DIR: dataDir, PORT: '8080', DATABASE_URL: '', REDIS_URL: '' });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['JWT_SECRET', 'too-short'],
    ['TOKEN_ENCRYPTION_KEY', 'too-short'],
    ['SPOTIFY_API_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
  ])('rejects %s=%s with a message naming it', (name, value) => {
    expect(() => validateEnv({ DATA_DIR: dataDir, [name]: value })).toThrow(name);
  });

  it('accepts every supported DATABASE_URL form', () => {
    for (const url of ['sqlite:./x.sqlite', 'sqlite::memory:', 'postgres://u@h:5432/db']) {
      expect(validateEnv({ DATA_DIR: dataDir, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('requires every secret and the Spotify credentials in production, naming each', () => {
    let message = '';
    try {
      validateEnv({ NODE_ENV: 'production', DATA_DIR: dataDir });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of Object.keys(PRODUCTION).filter((n) => n !== 'NODE_ENV')) {
      expect(message).toContain(`${name} is required when NODE_ENV=production`);
    }
  });

  it('never writes generated secrets in production', () => {
    validateEnv({ ...PRODUCTION, DATA_DIR: dataDir });
    expect(() => statSync(join(dataDir, '.jwt-secret'))).toThrow();
  });

  it('requires SPOTIFY_CLIENT_SECRET with SPOTIFY_CLIENT_ID', () => {
    expect(() => validateEnv({ DATA_DIR: dataDir, SPOTIFY_CLIENT_ID: 'id' })).toThrow(
      'SPOTIFY_CLIENT_SECRET is required when SPOTIFY_CLIENT_ID is set',
    );
  });
});
