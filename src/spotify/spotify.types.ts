/** Track metadata as the product uses it (and as the metadata cache stores it). */
export interface SpotifyTrackInfo {
  uri: string;
  id: string;
  name: string;
  artists: string[];
  /** Spotify's ids of the track's artists (what the artist limit counts by). */
  artistIds: string[];
  album: string | null;
  imageUrl: string | null;
  durationMs: number | null;
  /** Null when Spotify did not say. */
  explicit: boolean | null;
  isrc: string | null;
}

/** An answer of the Accounts token endpoint. `refreshToken` is absent when Spotify keeps the old one. */
export interface SpotifyTokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Seconds from now. */
  expiresIn: number;
  scope: string;
}

export interface SpotifyProfileInfo {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  /** Only returned to extended-quota apps. */
  email: string | null;
  accountId: string | null;
}

export interface SpotifyPlaylistInfo {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string | null;
  imageUrl: string | null;
  itemsTotal: number;
}

export interface SpotifyDevice {
  /** Spotify may report a device without id (restricted devices): it cannot be targeted. */
  id: string | null;
  name: string;
  type: string;
  isActive: boolean;
  isRestricted: boolean;
  volumePercent: number | null;
}

export interface NowPlaying {
  isPlaying: boolean;
  progressMs: number | null;
  /** Null when the current item is not a track (an episode, an ad). */
  track: SpotifyTrackInfo | null;
  deviceId: string | null;
}

/** `GET /me/player`: what the account plays, on which device. */
export interface PlayerState {
  isPlaying: boolean;
  progressMs: number;
  /** The item's uri, whatever its type (a track, an episode); null when there is none. */
  itemUri: string | null;
  durationMs: number | null;
  deviceName: string | null;
  /** What the item plays from (a playlist, an album); null for a list of tracks (ours). */
  contextUri: string | null;
}

export interface CreatedPlaylist {
  id: string;
  uri: string;
  name: string;
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}
