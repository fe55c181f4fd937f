import { SeededRandom } from './seeded-random.js';

export interface SandboxImage {
  url: string;
  height: number;
  width: number;
}

export interface SandboxArtistRef {
  id: string;
  name: string;
  uri: string;
  type: 'artist';
  href: string;
  external_urls: { spotify: string };
}

export interface SandboxAlbumRef {
  id: string;
  name: string;
  uri: string;
  album_type: 'album';
  type: 'album';
  images: SandboxImage[];
  release_date: string;
  release_date_precision: 'day';
  artists: SandboxArtistRef[];
  href: string;
  external_urls: { spotify: string };
}

/** A track object as Spotify's Web API returns it (the fields this project relies on and a few more). */
export interface SandboxTrack {
  id: string;
  uri: string;
  name: string;
  artists: SandboxArtistRef[];
  album: SandboxAlbumRef;
  duration_ms: number;
  explicit: boolean;
  popularity: number;
  preview_url: null;
  external_ids: { isrc: string };
  type: 'track';
  href: string;
  track_number: number;
  disc_number: number;
  is_local: false;
  external_urls: { spotify: string };
}

const words = (list: string): readonly string[] => list.split(' ');

const ADJECTIVES = words(
  'Golden Electric Midnight Neon Silent Wild Broken Velvet Crystal Burning Paper Endless Lonely Sweet Crimson Frozen Hidden Summer Northern Gentle Restless Silver Faded Lucky Wicked Blue Secret Cosmic Hollow Bright',
);
const NOUNS = words(
  'Love Heart Night Fire Dream River City Sky Ocean Shadow Light Rain Highway Garden Star Echo Mirror Storm Moon Dance Kiss Road Sunrise Thunder Wave Memory Whisper Parade Signal Horizon',
);
const VERBS = words('Chasing Dancing Falling Waiting Running Holding Dreaming');
const FIRST_NAMES = words(
  'Nova Luca Mila Jonah Ivy Theo Zara Felix Ruby Oscar Maya Eli Nina Leo Ada Kai Iris Milo Lena Hugo',
);
const LAST_NAMES = words(
  'Reyes Park Lindqvist Okafor Moreau Silva Novak Hart Ramos Kaur Fischer Bianchi Adeyemi Sato Walsh',
);
const BAND_NOUNS = words(
  'Foxes Wolves Lanterns Satellites Pilots Tides Ghosts Comets Harbors Sparrows',
);

const ARTIST_COUNT = 40;
const ALBUM_COUNT = 60;
const TRACKS_PER_ALBUM = 5;
const SEED = 0x5ea7ed;

function artistName(random: SeededRandom): string {
  return random.chance(0.35)
    ? `The ${random.pick(ADJECTIVES)} ${random.pick(BAND_NOUNS)}`
    : `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

function albumName(random: SeededRandom): string {
  const templates = [
    () => `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`,
    () => `Songs from the ${random.pick(NOUNS)}`,
    () => `${random.pick(NOUNS)} & ${random.pick(NOUNS)}`,
    () => random.pick(ADJECTIVES),
  ];
  return random.pick(templates)();
}

function trackName(random: SeededRandom): string {
  const templates = [
    () => `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`,
    () => `${random.pick(NOUNS)} of the ${random.pick(NOUNS)}`,
    () => `${random.pick(VERBS)} ${random.pick(NOUNS)}`,
    () => `${random.pick(NOUNS)} in the ${random.pick(NOUNS)}`,
    () => `${random.pick(NOUNS)}`,
  ];
  return random.pick(templates)();
}

/** Self-contained cover art (no network needed to show it): a coloured square with a disc. */
function coverImages(random: SeededRandom): SandboxImage[] {
  const hue = random.int(0, 359);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" fill="hsl(${hue},55%,40%)"/>` +
    `<circle cx="32" cy="32" r="20" fill="hsl(${(hue + 150) % 360},65%,65%)"/></svg>`;
  const url = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  return [640, 300, 64].map((size) => ({ url, height: size, width: size }));
}

function uniqueId(random: SeededRandom, used: Set<string>): string {
  let id = random.base62Id();
  while (used.has(id)) id = random.base62Id();
  used.add(id);
  return id;
}

function reference(kind: 'artist' | 'album' | 'track', id: string) {
  return {
    uri: `spotify:${kind}:${id}`,
    href: `https://api.spotify.com/v1/${kind}s/${id}`,
    external_urls: { spotify: `https://open.spotify.com/${kind}/${id}` },
  };
}

function albumObject(
  random: SeededRandom,
  id: string,
  name: string,
  artist: SandboxArtistRef,
  releaseDate: string,
): SandboxAlbumRef {
  return {
    id,
    name,
    album_type: 'album',
    type: 'album',
    images: coverImages(random),
    release_date: releaseDate,
    release_date_precision: 'day',
    artists: [artist],
    ...reference('album', id),
  };
}

/** A track object: what tells tracks apart, and what every catalogue track has alike. */
function trackObject({
  isrc,
  ...fields
}: Pick<
  SandboxTrack,
  'id' | 'name' | 'artists' | 'album' | 'duration_ms' | 'explicit' | 'popularity' | 'track_number'
> & { isrc: string }): SandboxTrack {
  return {
    ...fields,
    preview_url: null,
    external_ids: { isrc },
    type: 'track',
    disc_number: 1,
    is_local: false,
    ...reference('track', fields.id),
  };
}

function generate(): SandboxTrack[] {
  const random = new SeededRandom(SEED);
  const ids = new Set<string>();
  const names = new Set<string>();
  const artists: SandboxArtistRef[] = [];
  while (artists.length < ARTIST_COUNT) {
    const name = artistName(random);
    if (names.has(name)) continue;
    names.add(name);
    const id = uniqueId(random, ids);
    artists.push({ id, name, type: 'artist', ...reference('artist', id) });
  }

  const tracks: SandboxTrack[] = [];
  for (let a = 0; a < ALBUM_COUNT; a++) {
    // Every artist gets one album; the rest go to artists picked at random.
    const artist = a < ARTIST_COUNT ? artists[a] : random.pick(artists);
    const albumId = uniqueId(random, ids);
    const year = random.int(1978, 2025);
    const releaseDate = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const album = albumObject(random, albumId, albumName(random), artist, releaseDate);
    for (let t = 0; t < TRACKS_PER_ALBUM; t++) {
      const id = uniqueId(random, ids);
      const featured = random.chance(0.15) ? random.pick(artists) : undefined;
      tracks.push(
        trackObject({
          id,
          name: trackName(random),
          artists: featured && featured.id !== artist.id ? [artist, featured] : [artist],
          album,
          duration_ms: random.int(120_000, 330_000),
          explicit: random.chance(0.15),
          popularity: random.int(5, 95),
          isrc: `QZSBX${String(year % 100).padStart(2, '0')}${String(tracks.length + 1).padStart(5, '0')}`,
          track_number: t + 1,
        }),
      );
    }
  }
  return tracks;
}

/**
 * Tracks to try the host's guardrails with, after the generated ones (which stay as they were):
 * an artist with many tracks (the artist limit), live versions of 11 to 14 minutes (the length
 * limit) and an album of explicit tracks.
 */
const GUARDRAIL_ALBUMS: ReadonlyArray<{
  artist: string;
  album: string;
  /** Track names: this and a number. */
  title: string;
  tracks: number;
  durationMs: [number, number];
  explicit: boolean;
}> = [
  {
    artist: 'Juniper Vale',
    album: 'Juniper Sessions',
    title: 'Juniper Session',
    tracks: 24,
    durationMs: [150_000, 240_000],
    explicit: false,
  },
  {
    artist: 'The Long Goodbyes',
    album: 'Extended Farewells',
    title: 'Extended Farewell',
    tracks: 4,
    durationMs: [660_000, 840_000],
    explicit: false,
  },
  {
    artist: 'Riot Saints',
    album: 'Parental Advisory',
    title: 'Advisory',
    tracks: 6,
    durationMs: [150_000, 210_000],
    explicit: true,
  },
];

function guardrailTracks(): SandboxTrack[] {
  const random = new SeededRandom(SEED + 26);
  const ids = new Set<string>();
  const tracks: SandboxTrack[] = [];
  for (const {
    artist: name,
    album: albumName,
    title,
    tracks: count,
    durationMs,
    explicit,
  } of GUARDRAIL_ALBUMS) {
    const artistId = uniqueId(random, ids);
    const artist: SandboxArtistRef = {
      id: artistId,
      name,
      type: 'artist',
      ...reference('artist', artistId),
    };
    const albumId = uniqueId(random, ids);
    const album = albumObject(random, albumId, albumName, artist, '2024-05-17');
    for (let t = 0; t < count; t++) {
      const id = uniqueId(random, ids);
      tracks.push(
        trackObject({
          id,
          // Names of their own, so that searches for the generated tracks find what they did.
          name: `${title} ${t + 1}`,
          artists: [artist],
          album,
          duration_ms: random.int(durationMs[0], durationMs[1]),
          explicit,
          popularity: random.int(1, 4),
          isrc: `QZSBG24${String(tracks.length + 1).padStart(5, '0')}`,
          track_number: t + 1,
        }),
      );
    }
  }
  return tracks;
}

/** How many tracks generate() makes: the demo playlists are drawn from those alone. */
export const GENERATED_TRACK_COUNT = ALBUM_COUNT * TRACKS_PER_ALBUM;

let catalogue: readonly SandboxTrack[] | undefined;
let byUri: Map<string, SandboxTrack> | undefined;

/** The sandbox's fixed catalogue (~330 tracks), identical on every run. */
export function sandboxCatalogue(): readonly SandboxTrack[] {
  catalogue ??= Object.freeze([...generate(), ...guardrailTracks()]);
  return catalogue;
}

export function findTrackByUri(uri: string): SandboxTrack | undefined {
  byUri ??= new Map(sandboxCatalogue().map((track) => [track.uri, track]));
  return byUri.get(uri);
}

export function findTrackById(id: string): SandboxTrack | undefined {
  return findTrackByUri(`spotify:track:${id}`);
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Spotify-like search: free words must each appear in the track, artist or album name; the field
 * filters `track:`, `artist:`, `album:`, `isrc:` and `year:` (2001 or 1990-1999) narrow it down.
 * Ordered by popularity, like Spotify's ranking favours popular tracks.
 */
export function searchCatalogue(query: string): SandboxTrack[] {
  const terms = [...query.matchAll(/(?:(\w+):)?(?:"([^"]*)"|(\S+))/g)].map((match) => ({
    field: match[1]?.toLowerCase(),
    value: normalise(match[2] ?? match[3] ?? ''),
  }));
  const matches = sandboxCatalogue().filter((track) => {
    const artists = normalise(track.artists.map((artist) => artist.name).join(' '));
    const name = normalise(track.name);
    const album = normalise(track.album.name);
    return terms.every(({ field, value }) => {
      switch (field) {
        case 'track':
          return name.includes(value);
        case 'artist':
          return artists.includes(value);
        case 'album':
          return album.includes(value);
        case 'isrc':
          return normalise(track.external_ids.isrc) === value;
        case 'year': {
          const year = Number(track.album.release_date.slice(0, 4));
          const [from, to = from] = value.split('-').map(Number);
          return year >= from && year <= to;
        }
        default:
          return `${name} ${artists} ${album}`.includes(value);
      }
    });
  });
  return matches.sort((a, b) => b.popularity - a.popularity);
}
