import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy, type StrategyOptions } from 'passport-oauth2';
import { AppConfig } from '../../config/app-config.js';
import { SPOTIFY_SCOPES, SpotifyAccountsClient } from '../../spotify/spotify-accounts.client.js';
import type { SpotifyTokenSet } from '../../spotify/spotify.types.js';
import { AuthService } from '../auth.service.js';
import { OAuthStateStore } from '../oauth-state.store.js';

export const SPOTIFY_STRATEGY = 'spotify';

type TokenCallback = (
  error: unknown,
  accessToken?: string,
  refreshToken?: string,
  params?: { tokens: SpotifyTokenSet },
) => void;

/**
 * Spotify's Authorization Code flow with PKCE through passport-oauth2. The state lives in the
 * database (OAuthStateStore); the code exchange goes through our SpotifyAccountsClient, so it
 * authenticates with HTTP Basic, has a timeout and maps Spotify's errors like every other call.
 */
@Injectable()
export class SpotifyStrategy extends PassportStrategy(Strategy, SPOTIFY_STRATEGY, 5) {
  constructor(
    config: AppConfig,
    stateStore: OAuthStateStore,
    accounts: SpotifyAccountsClient,
    private readonly auth: AuthService,
  ) {
    const spotify = config.spotify;
    // @types/passport-oauth2 knows only the session-style store signature; ours is the PKCE one.
    super({
      authorizationURL: `${spotify.accountsUrl}/authorize`,
      tokenURL: `${spotify.accountsUrl}/api/token`,
      clientID: spotify.clientId,
      clientSecret: spotify.clientSecret,
      callbackURL: spotify.redirectUri,
      scope: [...SPOTIFY_SCOPES],
      scopeSeparator: ' ',
      pkce: true,
      state: true,
      store: stateStore,
      skipUserProfile: true,
    } as unknown as StrategyOptions);
    const oauth2 = (
      this as unknown as {
        _oauth2: {
          getOAuthAccessToken(
            code: string,
            params: Record<string, string>,
            cb: TokenCallback,
          ): void;
        };
      }
    )._oauth2;
    oauth2.getOAuthAccessToken = (code, params, callback) => {
      accounts
        .exchangeCode(code, params.code_verifier, params.redirect_uri)
        .then((tokens) => callback(null, tokens.accessToken, tokens.refreshToken, { tokens }))
        .catch((error: unknown) => callback(error));
    };
  }

  /** Called by passport after the code exchange: creates or updates the user. */
  validate(
    _accessToken: string,
    _refreshToken: string,
    params: { tokens: SpotifyTokenSet },
    _profile: unknown,
  ) {
    return this.auth.completeSpotifyLogin(params.tokens);
  }
}
