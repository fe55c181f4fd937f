import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SpotifyTrack } from './spotify-track.entity.js';
import type { SpotifyTrackInfo } from './spotify.types.js';

/** Keeps each upsert statement well below SQLite's bound-parameter limit. */
const UPSERT_CHUNK = 50;

/**
 * The track metadata cache: Spotify is asked once per track (the batch endpoint is gone). Filling
 * it in the background is SpotifyTrackMetadataService's job.
 */
@Injectable()
export class SpotifyTracksService {
  constructor(@InjectRepository(SpotifyTrack) private readonly tracks: Repository<SpotifyTrack>) {}

  has(uri: string): Promise<boolean> {
    return this.tracks.existsBy({ uri });
  }

  findOne(uri: string): Promise<SpotifyTrack | null> {
    return this.tracks.findOneBy({ uri });
  }

  async findByUris(uris: readonly string[]): Promise<Map<string, SpotifyTrack>> {
    const unique = [...new Set(uris)];
    if (unique.length === 0) return new Map();
    const rows = await this.tracks.findBy({ uri: In(unique) });
    return new Map(rows.map((row) => [row.uri, row]));
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
          album: track.album?.slice(0, 512) ?? null,
          imageUrl: track.imageUrl && track.imageUrl.length <= 1024 ? track.imageUrl : null,
          durationMs: track.durationMs,
          explicit: track.explicit,
          isrc: track.isrc?.slice(0, 32) ?? null,
        })),
        { conflictPaths: ['uri'] },
      );
    }
  }
}
