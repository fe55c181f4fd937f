import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig, type PlaybackSettings } from '../config/app-config.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import type { Room } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { SpotifyError, SpotifyException } from '../spotify/spotify.exception.js';
import type { PlayerState } from '../spotify/spotify.types.js';
import { RoomTracksService } from '../tracks/room-tracks.service.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import { PlaybackReason, PlaybackState } from './playback-state.enum.js';
import {
  fallbackPickSource,
  PlaybackTransitions,
  playbackStateFor,
  type StepOutcome,
} from './playback.transitions.js';
import type { RoomPlayback } from './room-playback.entity.js';
import { RoomPlaybackStore } from './room-playback.store.js';

/** Poll this long after the expected end of a track: Spotify has moved on by then. */
const END_MARGIN_MS = 250;
/** A track this close to its end, stopped, has ended (Spotify keeps the item, paused). */
const END_TOLERANCE_MS = 1000;
/**
 * Another item that started no earlier than this before our track's expected end is what Spotify
 * played after it (the two estimates come from two looks, each as old as half a round trip);
 * one that started earlier was the host's, whenever the driver looks.
 */
const CONTINUATION_SLACK_MS = 250;
/** After a play command, Spotify may still show the previous item this long. */
const COMMAND_GRACE_MS = 3000;
const MIN_DELAY_MS = 50;

interface Loop {
  timer?: NodeJS.Timeout;
  running: boolean;
  again: boolean;
  stopped: boolean;
  backoffMs: number;
  /** The fallback playlist last tried while nothing was READY (a new one is tried at once). */
  fallbackTried?: string | null;
}

/**
 * Keeps the host's Spotify playing the party, one loop per room this instance holds the lease of.
 * Spotify sends a server no events, so the loop asks `GET /me/player`: every pollMs while a track
 * plays far from its end, right after its expected end (so the next one starts within about a
 * second), less often without a device, with a growing backoff when Spotify refuses. While the
 * host has paused it only looks; it never sends a command the host did not ask for.
 */
@Injectable()
export class PlaybackDriver implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlaybackDriver.name);
  readonly instanceId = randomUUID();
  private readonly loops = new Map<string, Loop>();
  private scanTimer?: NodeJS.Timeout;
  private scanning = false;
  private closing = false;
  private readonly settings: PlaybackSettings;

  constructor(
    config: AppConfig,
    private readonly store: RoomPlaybackStore,
    private readonly transitions: PlaybackTransitions,
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    private readonly spotify: SpotifyApiService,
  ) {
    this.settings = config.playback;
  }

  onApplicationBootstrap(): void {
    this.scanTimer = setInterval(() => void this.scan(), this.settings.scanMs);
    this.scanTimer.unref();
    void this.scan();
  }

  /** Before the database closes: stop, let ticks in flight finish, give the rooms back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.scanTimer);
    const held = [...this.loops.keys()];
    for (const roomId of held) this.stop(roomId);
    // Wait for ticks in flight, so no command goes out after the lease is given back.
    const deadline = Date.now() + 5000;
    while ([...this.loops.values()].some((l) => l.running) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    try {
      await this.store.release(this.instanceId);
    } catch (error) {
      this.logger.warn(`Could not give back the playback leases: ${(error as Error).message}`);
    }
  }

  /** A lease on a room for this instance, to write with the change that switches autoplay on. */
  freshLease(): { driverId: string; leaseUntil: Date } {
    return {
      driverId: this.instanceId,
      leaseUntil: new Date(Date.now() + this.settings.leaseMs),
    };
  }

  /** Starts driving the room here, if no other instance holds it. */
  async drive(roomId: string): Promise<void> {
    if (this.closing) return;
    if (await this.store.acquire(roomId, this.instanceId, this.settings.leaseMs)) {
      this.start(roomId);
    }
  }

  /** Looks at the room again now (after a skip or a pick on this instance). */
  wake(roomId: string, delayMs = 0): void {
    const loop = this.loops.get(roomId);
    if (loop) this.schedule(roomId, loop, delayMs);
  }

  /** Renews this instance's leases and takes over the rooms nobody drives. */
  private async scan(): Promise<void> {
    if (this.scanning || this.closing) return;
    this.scanning = true;
    try {
      const held = new Set(await this.store.renew(this.instanceId, this.settings.leaseMs));
      for (const roomId of this.loops.keys()) if (!held.has(roomId)) this.stop(roomId);
      for (const roomId of held) if (!this.loops.has(roomId)) this.start(roomId);
      for (const roomId of await this.store.orphans()) {
        if (this.closing) break;
        if (await this.store.acquire(roomId, this.instanceId, this.settings.leaseMs)) {
          this.logger.log(`Driving the party of room ${roomId}`);
          this.start(roomId);
        }
      }
    } catch (error) {
      this.logger.warn(`Playback scan failed: ${(error as Error).message}`);
    } finally {
      this.scanning = false;
    }
  }

  private start(roomId: string): void {
    if (this.loops.has(roomId) || this.closing) return;
    const loop: Loop = { running: false, again: false, stopped: false, backoffMs: 0 };
    this.loops.set(roomId, loop);
    this.schedule(roomId, loop, 0);
  }

  private stop(roomId: string): void {
    const loop = this.loops.get(roomId);
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    this.loops.delete(roomId);
  }

  private schedule(roomId: string, loop: Loop, delayMs: number): void {
    if (loop.stopped) return;
    clearTimeout(loop.timer);
    if (loop.running) {
      if (delayMs === 0) loop.again = true;
      else loop.timer = setTimeout(() => void this.run(roomId, loop), delayMs);
      return;
    }
    loop.timer = setTimeout(() => void this.run(roomId, loop), Math.max(0, delayMs));
  }

  private async run(roomId: string, loop: Loop): Promise<void> {
    if (loop.stopped || loop.running) return;
    loop.running = true;
    let delay: number | null;
    try {
      delay = await this.tick(roomId, loop);
    } catch (error) {
      this.logger.warn(`Playback of room ${roomId} failed: ${(error as Error).message}`);
      delay = this.settings.pollMs;
    } finally {
      loop.running = false;
    }
    if (delay === null) {
      this.stop(roomId);
      return;
    }
    if (loop.again) {
      loop.again = false;
      delay = 0;
    }
    this.schedule(roomId, loop, delay);
  }

  /** One look at the room; returns when to look next, or null to stop driving it. */
  private async tick(roomId: string, loop: Loop): Promise<number | null> {
    const playback = await this.store.get(roomId);
    if (!playback.autoplay || playback.driverId !== this.instanceId) return null;
    const room = await this.rooms.getById(roomId);
    if (room.status !== RoomStatus.OPEN) {
      // A closed room's party is over; what plays on the host's Spotify is left alone.
      await this.transitions.setState(roomId, playback, {
        autoplay: false,
        state: PlaybackState.OFF,
        reason: null,
        driverId: null,
        leaseUntil: null,
      });
      return null;
    }

    if (playback.state === PlaybackState.WAITING_FOR_TRACKS && !playback.trackId) {
      // Nothing to look at on Spotify: the queue is in our database.
      const ready = await this.roomTracks.firstReady(roomId);
      const untriedFallback =
        room.fallbackPlaylistUri !== null && room.fallbackPlaylistUri !== loop.fallbackTried;
      loop.fallbackTried = room.fallbackPlaylistUri;
      if (!ready && !untriedFallback) return this.settings.waitingPollMs;
      return this.afterStep(
        loop,
        await this.transitions.advance(room, playback, { kind: 'ended' }),
      );
    }

    let player: PlayerState | null;
    const asked = Date.now();
    try {
      player = await this.spotify.getPlayer(room.hostId);
    } catch (error) {
      return this.refused(loop, roomId, playback, error);
    }
    const now = Date.now();
    // When Spotify read the progress it answered: halfway through the round trip, at best guess.
    const sampledAt = asked + Math.round((now - asked) / 2);
    if (!player && !playback.trackId) {
      // 204: no device, or one with nothing loaded. Only a play command tells which (and a refused
      // play keeps backing off: this look succeeding says nothing about the next play).
      return this.advance(loop, room, playback);
    }
    loop.backoffMs = 0;
    if (!player || player.deviceName === null) {
      if (playback.state !== PlaybackState.WAITING_FOR_DEVICE) {
        await this.transitions.setState(roomId, playback, {
          state: PlaybackState.WAITING_FOR_DEVICE,
          reason: PlaybackReason.NO_ACTIVE_DEVICE,
          deviceName: null,
          observedAt: new Date(now),
        });
      }
      return this.settings.devicePollMs;
    }

    const current = playback.trackId ? await this.roomTracks.findById(playback.trackId) : null;
    if (current?.status === TrackStatus.SKIPPED) {
      // The crowd skipped it (vote-to-skip) and the voter's own step has not moved the room on
      // (lost, or its instance stopped): the same compare-and-set transition, so never twice.
      return this.advance(loop, room, playback);
    }
    const ours = current !== null && player.itemUri === current.uri;
    const durationMs = (ours ? player.durationMs : null) ?? playback.durationMs;
    const ended =
      ours &&
      !player.isPlaying &&
      (player.progressMs === 0 ||
        (durationMs !== null && player.progressMs >= durationMs - END_TOLERANCE_MS));
    const observation = {
      progressMs: player.progressMs,
      durationMs,
      observedAt: new Date(sampledAt),
      deviceName: player.deviceName,
    };

    const playing =
      playback.state === PlaybackState.PLAYING || playback.state === PlaybackState.PAUSED;
    if (playing && playback.fallbackPickFrom !== fallbackPickSource(room)) {
      // A new fallback playlist (or none), or new guardrails: Playback.next shows a pick from it,
      // under them, before its turn.
      await this.transitions.choosePickAhead(room, playback);
    }

    switch (playback.state) {
      case PlaybackState.PLAYING: {
        if (ours && player.isPlaying) {
          await this.transitions.observed(roomId, playback, observation);
          return this.untilNextLook(player.progressMs, durationMs);
        }
        if (ended) return this.advance(loop, room, playback);
        if (ours) {
          await this.transitions.setState(roomId, playback, {
            ...observation,
            state: PlaybackState.PAUSED,
            reason: null,
          });
          return this.settings.pollMs;
        }
        if (playback.commandAt && now - playback.commandAt.getTime() < COMMAND_GRACE_MS) {
          return Math.min(500, this.settings.pollMs);
        }
        if (!current || this.continuedAfterOurs(playback, player, sampledAt)) {
          return this.advance(loop, room, playback);
        }
        await this.transitions.hostTookOver(room, playback);
        this.logger.log(`Room ${roomId}: the host took over their Spotify; autoplay is off`);
        return null;
      }
      case PlaybackState.PAUSED: {
        if (ours && player.isPlaying) {
          await this.transitions.setState(roomId, playback, {
            ...observation,
            state: PlaybackState.PLAYING,
            reason: null,
          });
          return this.untilNextLook(player.progressMs, durationMs);
        }
        if (ours) {
          if (ended) return this.advance(loop, room, playback);
          await this.transitions.observed(roomId, playback, observation);
          return this.settings.pollMs;
        }
        await this.transitions.hostTookOver(room, playback);
        return null;
      }
      case PlaybackState.WAITING_FOR_TRACKS:
      case PlaybackState.WAITING_FOR_DEVICE:
      case PlaybackState.BLOCKED:
      case PlaybackState.OFF: {
        // Back from a gap (no device, Spotify refused, just switched on): pick up what plays.
        if (!current) return this.advance(loop, room, playback);
        if (ours && player.isPlaying) {
          await this.transitions.setState(roomId, playback, {
            ...observation,
            state: PlaybackState.PLAYING,
            reason: null,
          });
          return this.untilNextLook(player.progressMs, durationMs);
        }
        if (ended || !ours) return this.advance(loop, room, playback);
        if (playback.state === PlaybackState.WAITING_FOR_DEVICE) {
          // The device went away mid-track: carry on where it stopped.
          try {
            await this.spotify.resume(room.hostId);
          } catch (error) {
            return this.refused(loop, roomId, playback, error);
          }
          await this.transitions.setState(roomId, playback, {
            ...observation,
            state: PlaybackState.PLAYING,
            reason: null,
            commandAt: new Date(),
          });
          return this.untilNextLook(player.progressMs, durationMs);
        }
        await this.transitions.setState(roomId, playback, {
          ...observation,
          state: PlaybackState.PAUSED,
          reason: null,
        });
        return this.settings.pollMs;
      }
    }
  }

  private async advance(loop: Loop, room: Room, playback: RoomPlayback): Promise<number | null> {
    return this.afterStep(loop, await this.transitions.advance(room, playback, { kind: 'ended' }));
  }

  private afterStep(loop: Loop, step: StepOutcome): number {
    switch (step.outcome) {
      case 'playing':
        loop.backoffMs = 0;
        // The first look confirms the start; later ones follow the track.
        return Math.min(this.settings.pollMs, COMMAND_GRACE_MS);
      case 'waiting':
        return this.settings.waitingPollMs;
      case 'lost':
        return MIN_DELAY_MS;
      case 'refused':
        return this.delayAfterRefusal(loop, step.error);
    }
  }

  /** Spotify refused a look: the room says why, and the loop waits (backoff, Retry-After). */
  private async refused(
    loop: Loop,
    roomId: string,
    playback: RoomPlayback,
    error: unknown,
  ): Promise<number> {
    const rateLimited =
      error instanceof SpotifyException &&
      (error.reason === (SpotifyError.RATE_LIMITED as string) ||
        error.reason === (SpotifyError.QUOTA_EXCEEDED as string));
    if (!rateLimited) {
      const { state, reason } = playbackStateFor(error);
      if (playback.state !== state || playback.reason !== reason) {
        await this.transitions.setState(roomId, playback, {
          state,
          reason,
          observedAt: new Date(),
        });
      }
    }
    return this.delayAfterRefusal(loop, error);
  }

  private delayAfterRefusal(loop: Loop, error: unknown): number {
    const retryAfterSeconds =
      error instanceof SpotifyException ? error.extensions.retryAfterSeconds : undefined;
    const retryAfterMs = typeof retryAfterSeconds === 'number' ? retryAfterSeconds * 1000 : 0;
    const { state } = playbackStateFor(error);
    if (state === PlaybackState.WAITING_FOR_DEVICE) return this.settings.devicePollMs;
    loop.backoffMs = Math.min(
      this.settings.backoffMaxMs,
      loop.backoffMs === 0 ? this.settings.backoffMs : loop.backoffMs * 2,
    );
    if (!(error instanceof SpotifyException)) {
      this.logger.warn(`Playback step failed: ${(error as Error).message}`);
    }
    return Math.max(loop.backoffMs, retryAfterMs);
  }

  /** Every pollMs far from the end; right after the expected end near it. */
  private untilNextLook(progressMs: number, durationMs: number | null): number {
    if (durationMs === null) return this.settings.pollMs;
    const remaining = durationMs - progressMs;
    if (remaining > this.settings.pollMs + END_MARGIN_MS) return this.settings.pollMs;
    return Math.max(MIN_DELAY_MS, remaining + END_MARGIN_MS);
  }

  /**
   * Whether the other item the player shows is what Spotify played after our track ended (only
   * that may be replaced), rather than the host's own pick, near the end or not. Our play command
   * names one track and no context, so Spotify goes on from the host's queue alone: an item with
   * a context (a playlist, an album) was started in the host's app. Otherwise its progress tells
   * when it started, and a start before our track's expected end was the host's.
   */
  private continuedAfterOurs(
    playback: RoomPlayback,
    player: PlayerState,
    sampledAt: number,
  ): boolean {
    if (player.contextUri !== null) return false;
    if (!playback.observedAt || playback.durationMs === null || playback.progressMs === null) {
      return false;
    }
    const oursEndsAt = playback.observedAt.getTime() + (playback.durationMs - playback.progressMs);
    const otherStartedAt = sampledAt - player.progressMs;
    return otherStartedAt >= oursEndsAt - CONTINUATION_SLACK_MS;
  }
}
