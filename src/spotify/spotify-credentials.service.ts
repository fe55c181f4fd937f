import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { SpotifyAccountsClient } from './spotify-accounts.client.js';
import { SpotifyCredential } from './spotify-credential.entity.js';
import { SpotifyError, SpotifyException } from './spotify.exception.js';
import type { SpotifyTokenSet } from './spotify.types.js';
import { TokenCipher } from './token-cipher.js';

export interface FreshAccessToken {
  accessToken: string;
  expiresAt: Date;
}

/** Tokens this close to expiry are refreshed before use, so a call never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Each user's Spotify tokens: stored encrypted, refreshed ahead of expiry. Refreshes are
 * single-flight per user within the process, so N concurrent callers cause one token request, and
 * a rotated refresh token is written before anyone uses the new access token.
 */
@Injectable()
export class SpotifyCredentialsService {
  private readonly logger = new Logger(SpotifyCredentialsService.name);
  private readonly refreshing = new Map<string, Promise<FreshAccessToken>>();
  /**
   * How many refreshes of each user's tokens this instance has finished (see freshAccessToken),
   * for the users refreshed most recently: a user forgotten here reads the row once more.
   */
  private readonly refreshes = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    @InjectRepository(SpotifyCredential)
    private readonly credentials: Repository<SpotifyCredential>,
    private readonly cipher: TokenCipher,
    private readonly accounts: SpotifyAccountsClient,
  ) {}

  /** Stores tokens from a code exchange or a refresh; keeps the old refresh token when none came. */
  async save(userId: string, tokens: SpotifyTokenSet): Promise<void> {
    const refreshTokenEnc = tokens.refreshToken
      ? this.cipher.encrypt(tokens.refreshToken)
      : (await this.credentials.findOneBy({ userId }))?.refreshTokenEnc;
    if (!refreshTokenEnc) {
      throw new Error('Spotify credentials cannot be created without a refresh token');
    }
    await this.credentials.upsert(
      {
        userId,
        accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
        refreshTokenEnc,
        expiresAt: expiryOf(tokens),
        scope: tokens.scope,
        reauthRequired: false,
      },
      { conflictPaths: ['userId'] },
    );
  }

  /** True when the user linked Spotify and the link still works (no re-login pending). */
  hasCredentials(userId: string): Promise<boolean> {
    return this.credentials.existsBy({ userId, reauthRequired: false });
  }

  /** Whether the user's stored login granted `scope` (a login older than the scope did not). */
  async hasScope(userId: string, scope: string): Promise<boolean> {
    const row = await this.load(userId);
    return row.scope.split(/\s+/).includes(scope);
  }

  async remove(userId: string): Promise<void> {
    await this.credentials.delete({ userId });
  }

  async accessTokenFor(userId: string): Promise<string> {
    return (await this.freshAccessToken(userId)).accessToken;
  }

  /** An access token with at least a minute to live (the "me.spotifyAccessToken" field). */
  async freshAccessToken(userId: string): Promise<FreshAccessToken> {
    const inFlight = this.refreshing.get(userId);
    if (inFlight) return inFlight;
    const generation = this.refreshes.get(userId) ?? 0;
    const row = await this.load(userId);
    if (row.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) {
      return { accessToken: this.decrypt(row, row.accessTokenEnc), expiresAt: row.expiresAt };
    }
    // A refresh that finished while the row was being read has replaced it: read it again
    // rather than refresh a second time.
    if ((this.refreshes.get(userId) ?? 0) !== generation) return this.freshAccessToken(userId);
    return this.refreshOnce(userId);
  }

  /**
   * Refreshes after Spotify rejected `rejectedAccessToken` (a 401). When another caller already
   * replaced that token, the stored one is returned instead of refreshing again.
   */
  async forceRefresh(userId: string, rejectedAccessToken?: string): Promise<string> {
    const inFlight = this.refreshing.get(userId);
    if (inFlight) return (await inFlight).accessToken;
    if (rejectedAccessToken !== undefined) {
      const row = await this.load(userId);
      const stored = this.decrypt(row, row.accessTokenEnc);
      if (
        stored !== rejectedAccessToken &&
        row.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS
      ) {
        return stored;
      }
    }
    return (await this.refreshOnce(userId)).accessToken;
  }

  private refreshOnce(userId: string): Promise<FreshAccessToken> {
    let flight = this.refreshing.get(userId);
    if (!flight) {
      flight = this.refresh(userId).finally(() => {
        this.refreshes.set(userId, (this.refreshes.get(userId) ?? 0) + 1);
        this.refreshing.delete(userId);
      });
      this.refreshing.set(userId, flight);
    }
    return flight;
  }

  private async refresh(userId: string): Promise<FreshAccessToken> {
    // Read inside the flight: the refresh token may have been rotated by the previous refresh.
    const row = await this.load(userId);
    let tokens: SpotifyTokenSet;
    try {
      tokens = await this.accounts.refresh(this.decrypt(row, row.refreshTokenEnc));
    } catch (error) {
      if (
        error instanceof SpotifyException &&
        error.reason === (SpotifyError.REAUTH_REQUIRED as string)
      ) {
        return this.afterRejectedRefresh(userId, row);
      }
      throw error;
    }
    const expiresAt = expiryOf(tokens);
    await this.credentials.update(
      { userId },
      {
        accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
        // Spotify omits the refresh token when it keeps the old one; a new one replaces it.
        ...(tokens.refreshToken
          ? { refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken) }
          : {}),
        expiresAt,
        scope: tokens.scope || row.scope,
      },
    );
    this.logger.debug(`Refreshed the Spotify access token of user ${userId}`);
    return { accessToken: tokens.accessToken, expiresAt };
  }

  /**
   * invalid_grant: unless another process rotated the refresh token meanwhile (then its tokens are
   * used), the user must log in with Spotify again. Never retried.
   */
  private async afterRejectedRefresh(
    userId: string,
    used: SpotifyCredential,
  ): Promise<FreshAccessToken> {
    const now = await this.credentials.findOneBy({ userId });
    if (now && !now.reauthRequired && now.refreshTokenEnc !== used.refreshTokenEnc) {
      return { accessToken: this.decrypt(now, now.accessTokenEnc), expiresAt: now.expiresAt };
    }
    await this.credentials.update({ userId }, { reauthRequired: true });
    this.logger.warn(`Spotify refused to refresh the tokens of user ${userId}: re-login required`);
    throw new SpotifyException(SpotifyError.REAUTH_REQUIRED);
  }

  private async load(userId: string): Promise<SpotifyCredential> {
    const row = await this.credentials.findOneBy({ userId });
    if (!row) throw new SpotifyException(SpotifyError.NOT_LINKED);
    if (row.reauthRequired) throw new SpotifyException(SpotifyError.REAUTH_REQUIRED);
    return row;
  }

  private decrypt(row: SpotifyCredential, encrypted: string): string {
    try {
      return this.cipher.decrypt(encrypted);
    } catch {
      this.logger.error(
        `Stored Spotify tokens of user ${row.userId} cannot be decrypted (was TOKEN_ENCRYPTION_KEY changed?)`,
      );
      // Not awaited: until the flag lands, every caller fails the same way on decryption anyway.
      void this.credentials
        .update({ userId: row.userId }, { reauthRequired: true })
        .catch(() => undefined);
      throw new SpotifyException(SpotifyError.REAUTH_REQUIRED);
    }
  }
}

function expiryOf(tokens: SpotifyTokenSet): Date {
  return new Date(Date.now() + tokens.expiresIn * 1000);
}
