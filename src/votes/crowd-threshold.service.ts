import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { KeyedSerialQueue } from '../common/concurrency/keyed-serial-queue.js';
import { AppConfig } from '../config/app-config.js';
import { PresenceService } from '../realtime/presence/presence.service.js';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { crowdLikeThreshold } from '../rooms/like-threshold.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyTracksService } from '../spotify/spotify-tracks.service.js';
import { toVoteUpdate } from './vote-update.mapper.js';
import { VotesRepository } from './votes.repository.js';

/**
 * A like threshold that follows the crowd, and what a lower threshold does: whenever who counts
 * in a room changes (PresenceService, on any instance: a subscription, an operation, a leave)
 * or its threshold settings change (updateRoom), the threshold in force is derived again and
 * every QUEUED track that now reaches it is promoted, each once, each pushed as a voteUpdated
 * with its own seq (VotesRepository.applyThreshold). A sweep every presence heartbeat catches
 * what changes without an event: operations aging out of the window, a crashed instance's
 * subscriptions expiring.
 */
@Injectable()
export class CrowdThresholdService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(CrowdThresholdService.name);
  /** One derivation at a time per room on this instance; a queued one serves every caller. */
  private readonly queue = new KeyedSerialQueue<string>();
  private readonly queued = new Map<string, Promise<void>>();
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly presence: PresenceService,
    private readonly rooms: RoomsService,
    private readonly votes: VotesRepository,
    private readonly spotifyTracks: SpotifyTracksService,
    private readonly events: RoomEventsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.presence.onChange(async (roomId, cause) => {
      // Who is there matters only where the threshold follows the crowd (one indexed read).
      if (cause === 'presence' && !(await this.rooms.followsCrowd(roomId))) return;
      await this.follow(roomId);
    });
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.sweep(), this.config.presence.heartbeatMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Derives the room's threshold again; settles once this change is applied and published. */
  follow(roomId: string): Promise<void> {
    const waiting = this.queued.get(roomId);
    if (waiting) return waiting;
    const run = this.queue.run(roomId, () => {
      // From here on, a new change needs a new run: this one may have read presence already.
      this.queued.delete(roomId);
      return this.apply(roomId);
    });
    this.queued.set(roomId, run);
    return run;
  }

  private async apply(roomId: string): Promise<void> {
    const applied = await this.votes.applyThreshold(
      roomId,
      // Never from a partial count: an outage of Redis must not promote anything.
      (manager) => this.rooms.countActiveParticipants(roomId, { manager, partial: false }),
      async (room, promotions) => {
        const metadata = await this.spotifyTracks.findByUris(promotions.map((p) => p.track.uri));
        return promotions.map((count) =>
          toVoteUpdate(room.code, count, metadata.get(count.track.uri)),
        );
      },
    );
    if (!applied) return;
    // In seq order, before anything else is awaited.
    for (const update of applied.updates) {
      await this.events.publishVoteUpdated(roomId, update);
    }
    if (applied.changed || applied.updates.length > 0) await this.rooms.publishRoom(applied.room);
  }

  /** Rooms whose crowd threshold no longer matches who is active: derived again. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const room of await this.rooms.findFollowingCrowd()) {
        const active = await this.rooms.countActiveParticipants(room.id, { partial: false });
        if (crowdLikeThreshold(room.likeShare!, active) !== room.crowdLikeThreshold) {
          await this.follow(room.id);
        }
      }
    } catch (error) {
      this.logger.warn(`Following the crowd's thresholds failed: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }
}
