import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { SpotifyApiService } from './spotify-api.service.js';
import { SpotifyTracksService } from './spotify-tracks.service.js';

/** A failed fetch is not tried again for this long, however often the track is listed. */
const RETRY_AFTER_FAILURE_MS = 60_000;
const MAX_REMEMBERED_FAILURES = 10_000;

/**
 * Fills the track metadata cache in the background: the tracks service is the cache, the API
 * service fetches (and caches what it sees). Kept apart from both so neither depends on the other
 * both ways.
 */
@Injectable()
export class SpotifyTrackMetadataService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SpotifyTrackMetadataService.name);
  private readonly ensuring = new Map<string, Promise<void>>();
  /** `<user> <uri>` → when that fetch last failed (insertion-ordered: the oldest go first). */
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly tracks: SpotifyTracksService,
    private readonly spotify: SpotifyApiService,
  ) {}

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

  /** Background fetches finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.ensuring.values()]);
  }

  private rememberFailure(attempt: string): void {
    this.failedAt.delete(attempt);
    if (this.failedAt.size >= MAX_REMEMBERED_FAILURES) {
      const oldest = this.failedAt.keys().next().value;
      if (oldest !== undefined) this.failedAt.delete(oldest);
    }
    this.failedAt.set(attempt, Date.now());
  }

  private async fetchIfUnknown(uri: string, viaUserId: string): Promise<void> {
    if (await this.tracks.has(uri)) return;
    await this.spotify.getTrack(viaUserId, uri);
  }
}
