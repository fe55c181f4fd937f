/** The parts of Spotify Web API answers this module reads. Anything may be missing: check it. */
export interface RawImage {
  url: string;
  height?: number | null;
  width?: number | null;
}

export interface RawTrack {
  type?: string;
  id?: string | null;
  uri?: string;
  name?: string;
  is_local?: boolean;
  artists?: Array<{ id?: string; name?: string }>;
  album?: { name?: string; images?: RawImage[] } | null;
  duration_ms?: number;
  explicit?: boolean;
  external_ids?: { isrc?: string };
}

export interface RawPaging<T> {
  items?: T[];
  total?: number;
  limit?: number;
  offset?: number;
  next?: string | null;
}

export interface RawUser {
  id: string;
  display_name?: string | null;
  images?: RawImage[];
  email?: string;
  account_id?: string;
}

export interface RawPlaylist {
  id: string;
  name?: string;
  owner?: { id?: string; display_name?: string | null };
  images?: RawImage[] | null;
  items?: { total?: number };
  /** The pre-2026 name of `items`. */
  tracks?: { total?: number };
}

export interface RawPlaylistEntry {
  is_local?: boolean;
  item?: RawTrack | null;
  /** The pre-2026 name of `item`. */
  track?: RawTrack | null;
}

export interface RawDevice {
  id?: string | null;
  name?: string;
  type?: string;
  is_active?: boolean;
  is_restricted?: boolean;
  volume_percent?: number | null;
}

export interface RawCurrentlyPlaying {
  is_playing?: boolean;
  progress_ms?: number | null;
  item?: RawTrack | null;
  device?: RawDevice | null;
  context?: { uri?: string | null } | null;
  timestamp?: number;
}

export interface RawCreatedPlaylist {
  id?: string;
  uri?: string;
  name?: string;
}
