import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { SpotifyCredentialsService } from '../spotify/spotify-credentials.service.js';
import type { SpotifyTokenSet } from '../spotify/spotify.types.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AuthError, AuthException } from './auth.exception.js';
import { AuthTokenService, type IssuedToken } from './auth-token.service.js';

export interface LoginResult extends IssuedToken {
  user: User;
}

/** Spotify login: the user and their encrypted tokens are stored, then our own token is issued. */
@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly spotify: SpotifyApiService,
    private readonly credentials: SpotifyCredentialsService,
    private readonly tokens: AuthTokenService,
  ) {}

  async completeSpotifyLogin(spotifyTokens: SpotifyTokenSet): Promise<LoginResult> {
    const profile = await this.spotify.getProfile(spotifyTokens.accessToken);
    const user = await this.users.upsertSpotifyUser({
      spotifyId: profile.id,
      displayName: profile.displayName,
      avatarUrl: profile.avatarUrl,
      email: profile.email,
    });
    await this.credentials.save(user.id, spotifyTokens);
    return { ...this.tokens.issueForUser(user.id), user };
  }

  /**
   * `?redirect=` must be an http(s) URL on this server's own origin (`ownOrigin`, where the
   * browser reached /auth/login: the web app served at `/`) or on an origin listed in
   * FRONTEND_ORIGINS; a path such as `/join/ABC` is taken on the own origin. Anything else would
   * make /auth/login an open redirect that leaks tokens.
   */
  checkRedirect(redirect: unknown, ownOrigin: string): string | null {
    if (redirect === undefined || redirect === '') return null;
    if (typeof redirect !== 'string') throw new AuthException(AuthError.REDIRECT_NOT_ALLOWED);
    let url: URL;
    try {
      url = new URL(redirect, ownOrigin);
    } catch {
      throw new AuthException(AuthError.REDIRECT_NOT_ALLOWED);
    }
    const allowed =
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      (url.origin === ownOrigin || this.config.frontendOrigins.includes(url.origin));
    if (!allowed) throw new AuthException(AuthError.REDIRECT_NOT_ALLOWED);
    url.hash = '';
    return url.toString();
  }
}
