import type { SpotifyTrack } from './spotify-track.entity.js';
import type {
  NowPlaying,
  SpotifyDevice,
  SpotifyPlaylistInfo,
  SpotifyProfileInfo,
  SpotifyTrackInfo,
} from './spotify.types.js';
import type {
  RawCurrentlyPlaying,
  RawDevice,
  RawImage,
  RawPlaylist,
  RawTrack,
  RawUser,
} from './spotify-web-api.types.js';

/** Covers are shown small: the smallest image at least this wide is enough. */
const PREFERRED_IMAGE_WIDTH = 300;

export function pickImage(images: RawImage[] | undefined): string | null {
  if (!images?.length) return null;
  const wideEnough = images
    .filter((image) => (image.width ?? 0) >= PREFERRED_IMAGE_WIDTH)
    .sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
  return (wideEnough[0] ?? images[0]).url ?? null;
}

/** Null for anything that cannot be queued: episodes, local files, unavailable items. */
export function toTrackInfo(raw: RawTrack | null | undefined): SpotifyTrackInfo | null {
  if (!raw || (raw.type !== undefined && raw.type !== 'track') || raw.is_local) return null;
  if (!raw.id || !raw.uri || !raw.name) return null;
  const artists = (raw.artists ?? []).filter((artist) => artist.name);
  return {
    uri: raw.uri,
    id: raw.id,
    name: raw.name,
    artists: artists.map((artist) => artist.name ?? ''),
    artistIds: artists.map((artist) => artist.id).filter((id): id is string => !!id),
    album: raw.album?.name ?? null,
    imageUrl: pickImage(raw.album?.images),
    durationMs: typeof raw.duration_ms === 'number' ? raw.duration_ms : null,
    explicit: typeof raw.explicit === 'boolean' ? raw.explicit : null,
    isrc: raw.external_ids?.isrc ?? null,
  };
}

/** A cached row with its artists' ids (see SpotifyTracksService.isComplete). */
export function trackInfoFromEntity(row: SpotifyTrack & { artistIds: string[] }): SpotifyTrackInfo {
  return {
    uri: row.uri,
    id: row.uri.slice(row.uri.lastIndexOf(':') + 1),
    name: row.name,
    artists: row.artists,
    artistIds: row.artistIds,
    album: row.album,
    imageUrl: row.imageUrl,
    durationMs: row.durationMs,
    explicit: row.explicit,
    isrc: row.isrc,
  };
}

export function toProfile(raw: RawUser): SpotifyProfileInfo {
  return {
    id: raw.id,
    displayName: raw.display_name || raw.id,
    avatarUrl: pickImage(raw.images),
    email: raw.email ?? null,
    accountId: raw.account_id ?? null,
  };
}

export function toPlaylist(raw: RawPlaylist): SpotifyPlaylistInfo {
  return {
    id: raw.id,
    name: raw.name ?? '',
    ownerId: raw.owner?.id ?? '',
    itemsTotal: raw.items?.total ?? raw.tracks?.total ?? 0,
  };
}

export function toDevice(raw: RawDevice): SpotifyDevice {
  return {
    id: raw.id ?? null,
    name: raw.name ?? '',
    type: raw.type ?? 'Unknown',
    isActive: raw.is_active === true,
    isRestricted: raw.is_restricted === true,
    volumePercent: typeof raw.volume_percent === 'number' ? raw.volume_percent : null,
  };
}

export function toNowPlaying(raw: RawCurrentlyPlaying): NowPlaying {
  return {
    isPlaying: raw.is_playing === true,
    progressMs: typeof raw.progress_ms === 'number' ? raw.progress_ms : null,
    track: toTrackInfo(raw.item),
    deviceId: raw.device?.id ?? null,
  };
}
