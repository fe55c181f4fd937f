import { Args, Query, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { MyPlaylistsArgs } from './dto/my-playlists.args.js';
import { PlaylistModel } from './models/playlist.model.js';

/** The caller's own Spotify playlists, to pick a room's fallback playlist from. */
@Resolver(() => PlaylistModel)
export class PlaylistsResolver {
  constructor(
    private readonly rooms: RoomsService,
    private readonly spotify: SpotifyApiService,
  ) {}

  @Query(() => [PlaylistModel], {
    description: `Spotify users only: the caller's own playlists (followed and created), newest first as
Spotify lists them, to choose a fallback playlist from. Guests: FORBIDDEN.`,
  })
  async myPlaylists(
    @Args() { limit, offset }: MyPlaylistsArgs,
    @CurrentUser() caller: AuthUser,
  ): Promise<PlaylistModel[]> {
    const user = await this.rooms.requireSpotifyUser(caller);
    const playlists = await this.spotify.getMyPlaylists(user.id, limit, offset);
    return playlists.map((playlist) => ({
      uri: `spotify:playlist:${playlist.id}`,
      name: playlist.name,
      trackCount: playlist.itemsTotal,
      imageUrl: playlist.imageUrl,
      ownerName: playlist.ownerName,
    }));
  }
}
