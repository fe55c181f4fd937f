import { GENERATED_TRACK_COUNT, sandboxCatalogue } from './catalogue.js';
import { SeededRandom } from './seeded-random.js';

export interface SandboxPlaylist {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  public: boolean;
  /** Accounts that see it in `/me/playlists` without owning it (its items stay forbidden to them). */
  followers: readonly string[];
  trackUris: readonly string[];
  /** When each track was added (ISO), parallel to trackUris. */
  addedAt: readonly string[];
  /** Bumped by every change; Spotify's snapshot_id names a version. */
  version: number;
}

// [owner, name, track count, followed by]; one playlist is longer than a page of 50 on purpose.
const DEFINITIONS: ReadonlyArray<[string, string, number, string[]]> = [
  ['dj-alex', 'Party Starters', 64, []],
  ['dj-alex', 'Late Night Chill', 18, []],
  ['dj-alex', 'Throwbacks', 25, []],
  ['casey', 'Road Trip', 30, ['dj-alex']],
  ['casey', 'Focus', 12, []],
  ['sam-free', 'Sam Sings Along', 15, []],
  ['robin-nodevice', 'Sunday Morning', 10, []],
  ['emery-extended', 'Emery Essentials', 20, []],
];

function generate(): SandboxPlaylist[] {
  const random = new SeededRandom(0x9a7);
  // The generated tracks only: the playlists stay as they were before the catalogue grew.
  const tracks = sandboxCatalogue().slice(0, GENERATED_TRACK_COUNT);
  const start = Date.UTC(2025, 0, 1);
  return DEFINITIONS.map(([ownerId, name, count, followers]) => {
    const trackUris: string[] = [];
    while (trackUris.length < count) {
      const uri = random.pick(tracks).uri;
      if (!trackUris.includes(uri)) trackUris.push(uri);
    }
    return {
      id: random.base62Id(),
      name,
      description: `${name}, a sandbox playlist`,
      ownerId,
      public: random.chance(0.5),
      followers,
      trackUris,
      addedAt: trackUris.map((_, i) => new Date(start + i * 86_400_000).toISOString()),
      version: 1,
    };
  });
}

let playlists: readonly SandboxPlaylist[] | undefined;

/** The demo playlists every sandbox starts with (each state works on copies). */
export function sandboxPlaylists(): readonly SandboxPlaylist[] {
  playlists ??= Object.freeze(generate());
  return playlists;
}

/** Owned first (newest first), then followed, as Spotify lists them. */
export function playlistsOf(all: readonly SandboxPlaylist[], accountId: string): SandboxPlaylist[] {
  return [
    ...all.filter((playlist) => playlist.ownerId === accountId),
    ...all.filter((playlist) => playlist.followers.includes(accountId)),
  ];
}
