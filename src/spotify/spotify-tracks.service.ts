import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SpotifyTrack } from './spotify-track.entity.js';
import type { SpotifyTrackInfo } from './spotify.types.js';

/** Keeps each upsert statement well below SQLite's bound-parameter limit. */
const UPSERT_CHUNK = 50;
/** Tracks kept in memory per instance; past it the memory starts over. */
const MAX_KNOWN = 20_000;

/**
 * The track metadata cache: Spotify is asked once per track (the batch endpoint is gone). Filling
 * it in the background is SpotifyTrackMetadataService's job. Rows found are also kept in memory
 * per instance, so a vote on a known track reads no metadata from the database: a track's name,
 * artists and duration do not change, and a refresh written here replaces the copy (another
 * instance may keep its older copy, which differs at most in an image URL).
 */
@Injectable()
export class SpotifyTracksService {
  private readonly known = new Map<string, SpotifyTrack>();

  constructor(@InjectRepository(SpotifyTrack) private readonly tracks: Repository<SpotifyTrack>) {}

  /** Asks the database (the source of truth): a row found gone drops this instance's copy. */
  async has(uri: string): Promise<boolean> {
    const exists = await this.tracks.existsBy({ uri });
    if (!exists) this.known.delete(uri);
    return exists;
  }

  /** Whether a cached row holds all a guardrail judges by (rows from before lack the artists' ids). */
  static isComplete(row: SpotifyTrack): row is SpotifyTrack & { artistIds: string[] } {
    return row.artistIds !== null;
  }

  async findOne(uri: string): Promise<SpotifyTrack | null> {
    return (await this.findByUris([uri])).get(uri) ?? null;
  }

  async findByUris(uris: readonly string[]): Promise<Map<string, SpotifyTrack>> {
    const found = new Map<string, SpotifyTrack>();
    const missing: string[] = [];
    for (const uri of new Set(uris)) {
      const known = this.known.get(uri);
      if (known) found.set(uri, known);
      else missing.push(uri);
    }
    if (missing.length === 0) return found;
    const rows = await this.tracks.findBy({ uri: In(missing) });
    if (this.known.size + rows.length > MAX_KNOWN) this.known.clear();
    for (const row of rows) {
      this.known.set(row.uri, row);
      found.set(row.uri, row);
    }
    return found;
  }

  async store(tracks: readonly SpotifyTrackInfo[]): Promise<void> {
    // One row per uri: PostgreSQL refuses an upsert that touches the same row twice.
    const unique = [...new Map(tracks.map((track) => [track.uri, track])).values()];
    for (let start = 0; start < unique.length; start += UPSERT_CHUNK) {
      await this.tracks.upsert(
        unique.slice(start, start + UPSERT_CHUNK).map((track) => ({
          uri: track.uri,
          name: track.name.slice(0, 512),
          artists: track.artists,
          artistIds: track.artistIds,
          album: track.album?.slice(0, 512) ?? null,
          imageUrl: track.imageUrl && track.imageUrl.length <= 1024 ? track.imageUrl : null,
          durationMs: track.durationMs,
          explicit: track.explicit,
          isrc: track.isrc?.slice(0, 32) ?? null,
        })),
        { conflictPaths: ['uri'] },
      );
    }
    // After the write: the next read takes the fresh row.
    for (const track of unique) this.known.delete(track.uri);
  }
}
