import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { parseErrorBody, SpotifyHttpClient } from './spotify-http.client.js';
import { SpotifyError, SpotifyException } from './spotify.exception.js';
import type { SpotifyTokenSet } from './spotify.types.js';

export const SPOTIFY_SCOPES = [
  'user-read-private',
  'user-read-email',
  'playlist-read-private',
  'playlist-read-collaborative',
  'user-read-playback-state',
  'user-modify-playback-state',
  // Exporting a party's tracks as a private playlist (exportPlaylist).
  'playlist-modify-private',
  'streaming',
] as const;

export interface AuthorizeUrlOptions {
  state: string;
  codeChallenge: string;
  redirectUri?: string;
  showDialog?: boolean;
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/** Spotify's Accounts service: the authorization code flow with PKCE, and token refresh. */
@Injectable()
export class SpotifyAccountsClient {
  private readonly logger = new Logger(SpotifyAccountsClient.name);

  constructor(
    private readonly config: AppConfig,
    private readonly http: SpotifyHttpClient,
  ) {}

  authorizeUrl(options: AuthorizeUrlOptions): string {
    const { accountsUrl, clientId, redirectUri } = this.config.spotify;
    const params = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: options.redirectUri ?? redirectUri,
      state: options.state,
      scope: SPOTIFY_SCOPES.join(' '),
      code_challenge_method: 'S256',
      code_challenge: options.codeChallenge,
    });
    if (options.showDialog) params.set('show_dialog', 'true');
    return `${accountsUrl}/authorize?${params.toString()}`;
  }

  /** A rejected code (reused, expired, wrong verifier) is INVALID_GRANT: the user logs in again. */
  async exchangeCode(
    code: string,
    codeVerifier: string,
    redirectUri?: string,
  ): Promise<SpotifyTokenSet> {
    const tokens = await this.tokenRequest(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri ?? this.config.spotify.redirectUri,
        code_verifier: codeVerifier,
      },
      SpotifyError.INVALID_GRANT,
    );
    if (!tokens.refreshToken) {
      this.logger.error('Spotify answered a code exchange without a refresh token');
      throw new SpotifyException(SpotifyError.UNAVAILABLE);
    }
    return tokens;
  }

  /**
   * `refreshToken` in the answer is set only when Spotify rotated it. invalid_grant means the
   * refresh token expired or was revoked: REAUTH_REQUIRED, which must never be retried.
   */
  refresh(refreshToken: string): Promise<SpotifyTokenSet> {
    return this.tokenRequest(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      SpotifyError.REAUTH_REQUIRED,
    );
  }

  private async tokenRequest(
    form: Record<string, string>,
    onInvalidGrant: SpotifyError,
  ): Promise<SpotifyTokenSet> {
    const { accountsUrl, clientId, clientSecret } = this.config.spotify;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const response = await this.http.send({
      method: 'POST',
      url: `${accountsUrl}/api/token`,
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
    });
    if (response.status !== 200) {
      const { reason, message } = parseErrorBody(response);
      if (reason === 'invalid_grant') throw new SpotifyException(onInvalidGrant);
      if (reason === 'invalid_client') {
        this.logger.error(
          'Spotify rejected the client credentials: check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET',
        );
        throw new SpotifyException(SpotifyError.UNAVAILABLE);
      }
      this.logger.warn(`Spotify token endpoint answered ${response.status} (${reason ?? message})`);
      throw new SpotifyException(SpotifyError.UNAVAILABLE);
    }
    return this.toTokenSet(response.text);
  }

  private toTokenSet(text: string): SpotifyTokenSet {
    let answer: TokenAnswer;
    try {
      answer = JSON.parse(text) as TokenAnswer;
    } catch {
      answer = {};
    }
    const { access_token, refresh_token, expires_in, scope } = answer;
    if (typeof access_token !== 'string' || typeof expires_in !== 'number') {
      this.logger.error('Spotify token endpoint answered 200 without a usable token');
      throw new SpotifyException(SpotifyError.UNAVAILABLE);
    }
    return {
      accessToken: access_token,
      refreshToken: typeof refresh_token === 'string' && refresh_token ? refresh_token : undefined,
      expiresIn: expires_in,
      scope: typeof scope === 'string' ? scope : '',
    };
  }
}
