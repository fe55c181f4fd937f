import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy, type StrategyOptions } from 'passport-oauth2';
import { AppConfig } from '../../config/app-config.js';
import { SPOTIFY_SCOPES, SpotifyAccountsClient } from '../../spotify/spotify-accounts.client.js';
import type { SpotifyTokenSet } from '../../spotify/spotify.types.js';
import { AuthService, type LoginResult } from '../auth.service.js';
import type { LoginRequest } from '../guards/spotify-login.guard.js';
import { type LoginState, OAuthStateStore } from '../oauth-state.store.js';

export const SPOTIFY_STRATEGY = 'spotify';

/**
 * Spotify's Authorization Code flow with PKCE. The way out is passport-oauth2's: the verifier and
 * its challenge, the state kept by OAuthStateStore (in the database, so any instance can finish
 * the login), the redirect. The way back is this strategy's own `authenticate`, through
 * passport's strategy actions (success, fail, error): the state is claimed, then the code is
 * exchanged through our SpotifyAccountsClient, so it authenticates with HTTP Basic, has a timeout
 * and maps Spotify's errors like every other call.
 */
@Injectable()
export class SpotifyStrategy extends PassportStrategy(Strategy, SPOTIFY_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly stateStore: OAuthStateStore,
    private readonly accounts: SpotifyAccountsClient,
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
    } as unknown as StrategyOptions);
  }

  /** Spotify's answer (a code, or an error such as a refusal) is handled here; the rest by passport-oauth2. */
  override authenticate(request: Parameters<Strategy['authenticate']>[0], options?: object): void {
    // Typed as Express's request, it is Fastify's (SpotifyLoginGuard): passport-oauth2 reads only
    // its `query` (and `body`), which both have.
    const req = request as unknown as LoginRequest;
    const code = req.query.code;
    if (req.query.error || typeof code !== 'string') {
      super.authenticate(request, options);
      return;
    }
    this.finishLogin(req, code).then(
      (login) =>
        login
          ? this.success(login.result, { state: login.state })
          : this.fail(
              {
                message:
                  'The login state is unknown, expired, already used or from another browser',
              },
              403,
            ),
      (error: unknown) => this.error(error),
    );
  }

  /** Creates or updates the user from the tokens of a completed login. */
  validate(tokens: SpotifyTokenSet): Promise<LoginResult> {
    return this.auth.completeSpotifyLogin(tokens);
  }

  private async finishLogin(
    req: LoginRequest,
    code: string,
  ): Promise<{ result: LoginResult; state: LoginState } | null> {
    const claimed = await this.stateStore.claim(req, req.query.state);
    if (!claimed) return null;
    const tokens = await this.accounts.exchangeCode(code, claimed.verifier);
    return { result: await this.validate(tokens), state: { redirect: claimed.redirect } };
  }
}
