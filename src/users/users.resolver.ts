import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, OptionalUser } from '../auth/decorators/current-user.decorator.js';
import { SpotifyCredentialsService } from '../spotify/spotify-credentials.service.js';
import { SpotifyAccessTokenModel } from './models/spotify-access-token.model.js';
import { UserModel } from './models/user.model.js';
import { UsersService } from './users.service.js';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: SpotifyCredentialsService,
  ) {}

  @Query(() => UserModel)
  me(@CurrentUser() caller: AuthUser): UserModel | Promise<UserModel> {
    return this.users.byId(caller.id);
  }

  @ResolveField(() => String, { nullable: true })
  email(@Parent() user: UserModel, @OptionalUser() caller: AuthUser | null): string | null {
    return user.id === caller?.id ? (user.email ?? null) : null;
  }

  @ResolveField(() => SpotifyAccessTokenModel, {
    nullable: true,
    description:
      "The caller's own fresh Spotify access token (Web Playback SDK); null for guests and for anyone else's account.",
  })
  async spotifyAccessToken(
    @Parent() user: UserModel,
    @OptionalUser() caller: AuthUser | null,
  ): Promise<SpotifyAccessTokenModel | null> {
    if (!caller || user.id !== caller.id || !user.spotifyId) return null;
    if (!(await this.credentials.hasCredentials(user.id))) return null;
    return this.credentials.freshAccessToken(user.id);
  }
}
