import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SPOTIFY_TRACK_FETCHER, type SpotifyTrackFetcher } from './spotify.constants.js';
import { SpotifyTrack } from './spotify-track.entity.js';
import type { SpotifyTrackInfo } from './spotify.types.js';

/** Keeps each upsert statement well below SQLite's bound-parameter limit. */
const UPSERT_CHUNK = 50;
/** A failed fetch is not tried again for this long, however often the track is listed. */
const RETRY_AFTER_FAILURE_MS = 60_000;
const MAX_REMEMBERED_FAILURES = 10_000;

/** The track metadata cache: Spotify is asked once per track (the batch endpoint is gone). */
@Injectable()
export class SpotifyTracksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SpotifyTracksService.name);
  private readonly ensuring = new Map<string, Promise<void>>();
  /** `<user> <uri>` → when that fetch last failed (insertion-ordered: the oldest go first). */
  private readonly failedAt = new Map<string, number>();

  constructor(
    @InjectRepository(SpotifyTrack) private readonly tracks: Repository<SpotifyTrack>,
    private readonly moduleRef: ModuleRef,
  ) {}

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

  /**
   * Makes sure a track's metadata is cached, fetching it with `viaUserId`'s Spotify access when
   * unknown. Never rejects (failures are logged): callers need not wait for it. Concurrent calls
   * for the same uri share one fetch, and a failed fetch waits a minute before the next try, so
   * listing a room whose host cannot reach Spotify does not ask again for every track each time.
   */
  ensure(uri: string, viaUserId: string): Promise<void> {
    const pending = this.ensuring.get(uri);
    if (pending) return pending;
    const attempt = `${viaUserId} ${uri}`;
    const failed = this.failedAt.get(attempt);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_FAILURE_MS) {
      return Promise.resolve();
    }
    const work = this.fetchIfUnknown(uri, viaUserId)
      .then(() => {
        this.failedAt.delete(attempt);
      })
      .catch((error: unknown) => {
        this.rememberFailure(attempt);
        this.logger.warn(
          `Could not cache Spotify track ${uri}: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
      })
      .finally(() => this.ensuring.delete(uri));
    this.ensuring.set(uri, work);
    return work;
  }

  private rememberFailure(attempt: string): void {
    this.failedAt.delete(attempt);
    if (this.failedAt.size >= MAX_REMEMBERED_FAILURES) {
      const oldest = this.failedAt.keys().next().value;
      if (oldest !== undefined) this.failedAt.delete(oldest);
    }
    this.failedAt.set(attempt, Date.now());
  }

  /** Background fetches finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.ensuring.values()]);
  }

  private async fetchIfUnknown(uri: string, viaUserId: string): Promise<void> {
    if (await this.tracks.existsBy({ uri })) return;
    const fetcher = this.moduleRef.get<SpotifyTrackFetcher>(SPOTIFY_TRACK_FETCHER);
    await fetcher.getTrack(viaUserId, uri);
  }
}
