import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RoomEventsService } from '../realtime/room-events.service.js';
import { Room } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { playlistIdOf } from '../spotify/playlist-uri.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { SpotifyError, SpotifyException } from '../spotify/spotify.exception.js';
import type { Guardrails } from '../tracks/guardrails.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { RoomTracksService } from '../tracks/room-tracks.service.js';
import { TrackGuardrailsService } from '../tracks/track-guardrails.service.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import type { PlaybackModel } from './models/playback.model.js';
import { PlaybackReason, PlaybackState } from './playback-state.enum.js';
import type { RoomPlayback } from './room-playback.entity.js';
import { type PlaybackPatch, RoomPlaybackStore } from './room-playback.store.js';

/** What moves the room to its next track. */
export type Step =
  /** The playing track ended by itself (or never started: there is none). */
  | { kind: 'ended' }
  /** Someone skipped the playing track. */
  | { kind: 'skip' }
  /** The host picked a track of the room (playTrack). */
  | { kind: 'pick'; uri: string };

export type StepOutcome =
  | { outcome: 'playing'; uri: string }
  | { outcome: 'waiting' }
  /** Another writer changed the room first; nothing was sent to Spotify. */
  | { outcome: 'lost' }
  /** Spotify refused the play command; the room says why (driver steps only). */
  | { outcome: 'refused'; error: unknown };

interface NextTrack {
  uri: string;
  /** The room's row for it; none when a fallback pick is new to the room. */
  row: RoomTrack | null;
  /** The id its row gets when it is new to the room (a pick chosen ahead keeps its own). */
  id?: string;
}

/** The fallback pick chosen ahead, from the playlist `from` (no track left in it: uri null). */
interface FallbackPick {
  id: string | null;
  uri: string | null;
  from: string;
}

const WAITING_FOR_DEVICE = {
  state: PlaybackState.WAITING_FOR_DEVICE,
  reason: PlaybackReason.NO_ACTIVE_DEVICE,
};
const REAUTH_REQUIRED = { state: PlaybackState.BLOCKED, reason: PlaybackReason.REAUTH_REQUIRED };
const STATE_BY_SPOTIFY_ERROR: Partial<
  Record<string, { state: PlaybackState; reason: PlaybackReason }>
> = {
  [SpotifyError.NO_ACTIVE_DEVICE]: WAITING_FOR_DEVICE,
  [SpotifyError.DEVICE_NOT_FOUND]: WAITING_FOR_DEVICE,
  [SpotifyError.PREMIUM_REQUIRED]: {
    state: PlaybackState.BLOCKED,
    reason: PlaybackReason.PREMIUM_REQUIRED,
  },
  [SpotifyError.REAUTH_REQUIRED]: REAUTH_REQUIRED,
  [SpotifyError.NOT_LINKED]: REAUTH_REQUIRED,
  [SpotifyError.ACCOUNT_UNAVAILABLE]: REAUTH_REQUIRED,
};

/**
 * What a fallback pick is chosen under: the room's fallback playlist and its guardrails. A pick
 * made under other ones (a new playlist, a rule set since) is chosen again before it is shown or
 * played. Null: no fallback playlist.
 */
export function fallbackPickSource(
  room: Guardrails & Pick<Room, 'fallbackPlaylistUri'>,
): string | null {
  if (!room.fallbackPlaylistUri) return null;
  const rules = [
    room.explicitAllowed ? '' : 'no-explicit',
    room.maxTrackSeconds,
    room.maxPerArtist,
  ];
  return `${room.fallbackPlaylistUri} ${rules.map((rule) => rule ?? '').join(' ')}`.trimEnd();
}

/** What a failing Spotify call means for the party (outages and the unknown: SPOTIFY_UNAVAILABLE). */
export function playbackStateFor(error: unknown): {
  state: PlaybackState;
  reason: PlaybackReason;
} {
  const reason = error instanceof SpotifyException ? error.reason : '';
  return (
    STATE_BY_SPOTIFY_ERROR[reason] ?? {
      state: PlaybackState.BLOCKED,
      reason: PlaybackReason.SPOTIFY_UNAVAILABLE,
    }
  );
}

/**
 * Every change of what a room plays, each one a compare-and-set on the room's playback version
 * committed BEFORE Spotify is told: of two instances (or a skip and the end of a track) that saw
 * the same version, one wins and only the winner sends `play`. Each change is pushed to the room.
 */
@Injectable()
export class PlaybackTransitions {
  private readonly logger = new Logger(PlaybackTransitions.name);

  constructor(
    private readonly store: RoomPlaybackStore,
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    private readonly spotify: SpotifyApiService,
    private readonly events: RoomEventsService,
    private readonly guardrails: TrackGuardrailsService,
  ) {}

  /**
   * Ends the current track (PLAYED, or SKIPPED for a skip) and starts the next: the host's pick,
   * else the first of the queue, else a fallback pick, else nothing (WAITING_FOR_TRACKS).
   * A skip or a pick that Spotify refuses is undone and the error thrown to the caller.
   */
  async advance(room: Room, expected: RoomPlayback, step: Step): Promise<StepOutcome> {
    const next = await this.chooseNext(room, expected, step);
    const ahead = await this.pickAhead(room, expected, next?.uri ?? null);
    const userStep = step.kind !== 'ended';
    const now = new Date();
    const nextId = next ? (next.row?.id ?? next.id ?? randomUUID()) : null;
    const state = !expected.autoplay
      ? PlaybackState.OFF
      : next
        ? PlaybackState.PLAYING
        : PlaybackState.WAITING_FOR_TRACKS;
    const oldTrackId = room.nowPlayingTrackId;
    const won = await this.store.transaction(async (manager) => {
      await this.store.ensure(room.id, manager);
      const claimed = await this.store.compareAndSet(
        room.id,
        expected.version,
        {
          state,
          reason: null,
          trackId: nextId,
          progressMs: next ? 0 : null,
          // Known once Spotify shows the track playing (the catalogue's figure may be stale).
          durationMs: null,
          observedAt: next ? now : null,
          commandAt: next ? now : null,
          ...ahead,
        },
        { manager },
      );
      if (!claimed) return false;
      // Room row first, as votes do, so the two never wait on each other in opposite order.
      await manager.update(Room, { id: room.id }, { nowPlayingTrackId: nextId });
      if (oldTrackId && oldTrackId !== nextId) {
        await manager.update(
          RoomTrack,
          { id: oldTrackId, status: TrackStatus.PLAYING },
          { status: step.kind === 'skip' ? TrackStatus.SKIPPED : TrackStatus.PLAYED },
        );
      }
      await this.endOtherPlaying(manager, room.id, nextId);
      if (next && nextId) {
        if (next.row) {
          await manager.update(
            RoomTrack,
            { id: nextId },
            { status: TrackStatus.PLAYING, playedAt: now },
          );
        } else {
          await manager.insert(RoomTrack, {
            id: nextId,
            roomId: room.id,
            uri: next.uri,
            addedById: null,
            status: TrackStatus.PLAYING,
            addedAt: now,
            playedAt: now,
          });
        }
      }
      return true;
    });
    if (!won) return { outcome: 'lost' };
    this.rooms.changed(room.id);
    if (!next || !nextId) {
      if (oldTrackId) await this.silenceIfSkipped(room, oldTrackId);
      await this.publish(room.id);
      return { outcome: 'waiting' };
    }
    try {
      await this.spotify.play(room.hostId, [next.uri]);
    } catch (error) {
      await this.undo(room, expected, { nextId, next, oldTrackId, userStep, error });
      await this.publish(room.id);
      if (userStep) throw error;
      return { outcome: 'refused', error };
    }
    await this.publish(room.id);
    return { outcome: 'playing', uri: next.uri };
  }

  /** A change of state that leaves the track alone (paused, resumed, device lost, blocked). */
  async setState(roomId: string, expected: RoomPlayback, patch: PlaybackPatch): Promise<boolean> {
    const changed = await this.store.compareAndSet(roomId, expected.version, patch);
    if (changed) await this.publish(roomId);
    return changed;
  }

  /** Progress as Spotify reported it: not a transition, and lost to any transition. */
  async observed(
    roomId: string,
    expected: RoomPlayback,
    patch: Pick<PlaybackPatch, 'progressMs' | 'durationMs' | 'observedAt' | 'deviceName'>,
  ): Promise<boolean> {
    return this.store.compareAndSet(roomId, expected.version, patch, { bump: false });
  }

  /** The host played something else themselves: autoplay off, the party track counts as played. */
  async hostTookOver(room: Room, expected: RoomPlayback): Promise<boolean> {
    const done = await this.store.transaction(async (manager) => {
      const claimed = await this.store.compareAndSet(
        room.id,
        expected.version,
        {
          autoplay: false,
          state: PlaybackState.OFF,
          reason: PlaybackReason.HOST_TOOK_OVER,
          trackId: null,
          progressMs: null,
          observedAt: new Date(),
          driverId: null,
          leaseUntil: null,
        },
        { manager },
      );
      if (!claimed) return false;
      await manager.update(Room, { id: room.id }, { nowPlayingTrackId: null });
      await this.endOtherPlaying(manager, room.id, null);
      return true;
    });
    if (done) {
      this.rooms.changed(room.id);
      await this.publish(room.id);
    }
    return done;
  }

  /** The room's playback as the API shows it. */
  async model(room: Room, playback?: RoomPlayback): Promise<PlaybackModel> {
    const p = playback ?? (await this.store.get(room.id));
    // The room may be a cached copy read before the playback row: when the two disagree, the
    // room is read again, so a view never pairs a state with the track of another transition.
    const trackId =
      p.trackId === room.nowPlayingTrackId
        ? room.nowPlayingTrackId
        : (await this.rooms.getById(room.id)).nowPlayingTrackId;
    const [current, ready] = await Promise.all([
      trackId ? this.roomTracks.findById(trackId) : null,
      this.roomTracks.firstReady(room.id),
    ]);
    const next = ready ?? (await this.pickedAhead(room, p));
    const rows = [current, next].filter((row): row is RoomTrack => row !== null);
    const models = await this.roomTracks.modelsFetchingMissing(rows, room.hostId);
    const byId = new Map(models.map((m) => [m.id, m]));
    return {
      state: p.state,
      track: (current && byId.get(current.id)) ?? null,
      progressMs: current ? p.progressMs : null,
      observedAt: p.observedAt,
      next: (next && byId.get(next.id)) ?? null,
      reason: p.reason,
      deviceName: p.deviceName,
    };
  }

  /** Pushes the room's playback (and the room, whose nowPlaying may have changed). */
  async publish(roomId: string): Promise<void> {
    try {
      const room = await this.rooms.getById(roomId);
      await this.events.publishPlaybackUpdated(roomId, await this.model(room));
      await this.rooms.publishRoom(room);
    } catch (error) {
      this.logger.warn(`Playback of room ${roomId} not pushed: ${(error as Error).message}`);
    }
  }

  /**
   * The fallback playlist changed while a track plays: the pick shown as next is chosen again
   * from it (an observation: lost to any transition, which chooses its own).
   */
  async choosePickAhead(room: Room, expected: RoomPlayback): Promise<void> {
    const current = room.nowPlayingTrackId
      ? await this.roomTracks.findById(room.nowPlayingTrackId)
      : null;
    const ahead = await this.pickAhead(room, expected, current?.uri ?? null);
    const changed = await this.store.compareAndSet(room.id, expected.version, ahead, {
      bump: false,
    });
    if (changed) await this.publish(room.id);
  }

  private async chooseNext(
    room: Room,
    expected: RoomPlayback,
    step: Step,
  ): Promise<NextTrack | null> {
    let row: RoomTrack | null;
    if (step.kind === 'pick') {
      row = await this.roomTracks.getInRoom(room.id, step.uri);
    } else {
      row = await this.roomTracks.firstReady(room.id);
      if (!row && expected.autoplay && room.fallbackPlaylistUri) {
        // The pick shown as next plays, unless it has played since it was chosen.
        const { fallbackPickId: id, fallbackPickUri: uri } = expected;
        if (this.pickStands(room, expected) && id && uri) {
          const played = await this.roomTracks.playedUris(room.id);
          if (!played.has(uri)) {
            return { uri, id, row: await this.roomTracks.findInRoom(room.id, uri) };
          }
        }
        return this.fallbackPick(room);
      }
    }
    return row ? { uri: row.uri, row } : null;
  }

  /** The stored pick was chosen from the room's fallback playlist and guardrails as they are now. */
  private pickStands(room: Room, playback: RoomPlayback): boolean {
    return (
      playback.fallbackPickFrom !== null && playback.fallbackPickFrom === fallbackPickSource(room)
    );
  }

  /**
   * The fallback pick to follow `starting` (the track this transition starts) and the queue,
   * chosen now so that Playback.next can show it once the queue is empty: the stored one (same
   * id) while it is still the pick. Spotify failing keeps the stored one, or none; it is chosen
   * again at the next transition.
   */
  private async pickAhead(
    room: Room,
    expected: RoomPlayback,
    starting: string | null,
  ): Promise<Pick<RoomPlayback, 'fallbackPickId' | 'fallbackPickUri' | 'fallbackPickFrom'>> {
    const from = fallbackPickSource(room);
    const stands = this.pickStands(room, expected);
    let pick: FallbackPick | null = null;
    if (expected.autoplay && from) {
      try {
        // What plays before it does not count: the track starting now, and the queue.
        const queued = await this.roomTracks.listQueue(room.id);
        const chosen = await this.fallbackPick(room, [starting, ...queued.map((t) => t.uri)]);
        const same = stands && chosen?.uri === expected.fallbackPickUri;
        pick = {
          id: chosen
            ? (chosen.row?.id ?? (same ? expected.fallbackPickId : null) ?? randomUUID())
            : null,
          uri: chosen?.uri ?? null,
          from,
        };
      } catch (error) {
        this.logger.warn(`Room ${room.id}: no fallback pick chosen ahead: ${String(error)}`);
        pick =
          stands && expected.fallbackPickUri !== starting
            ? { id: expected.fallbackPickId, uri: expected.fallbackPickUri, from }
            : { id: null, uri: null, from };
      }
    }
    return {
      fallbackPickId: pick?.id ?? null,
      fallbackPickUri: pick?.uri ?? null,
      fallbackPickFrom: pick?.from ?? null,
    };
  }

  /** The stored fallback pick as the next track to show, while autoplay plays from it. */
  private async pickedAhead(room: Room, playback: RoomPlayback): Promise<RoomTrack | null> {
    const { fallbackPickId: id, fallbackPickUri: uri } = playback;
    if (!playback.autoplay || !this.pickStands(room, playback) || !id || !uri) return null;
    const row = await this.roomTracks.findInRoom(room.id, uri);
    if (row) return row;
    // Not in the room yet: shown as it will be added when it plays (under this id).
    return Object.assign(new RoomTrack(), {
      id,
      roomId: room.id,
      uri,
      addedById: null,
      status: TrackStatus.QUEUED,
      likes: 0,
      dislikes: 0,
      addedAt: playback.observedAt ?? new Date(),
      thresholdReachedAt: null,
      playedAt: null,
    });
  }

  /**
   * The first track of the fallback playlist that has not played in the room yet (nor is one of
   * `before`) and passes the host's guardrails.
   */
  private async fallbackPick(
    room: Room,
    before: ReadonlyArray<string | null> = [],
  ): Promise<NextTrack | null> {
    const playlistId = playlistIdOf(room.fallbackPlaylistUri ?? '');
    if (!playlistId) return null;
    const played = await this.roomTracks.playedUris(room.id);
    for (const uri of before) if (uri) played.add(uri);
    const pageSize = 50;
    for (let offset = 0; offset < 1000; offset += pageSize) {
      let page;
      try {
        page = await this.spotify.getPlaylistTracks(room.hostId, playlistId, pageSize, offset);
      } catch (error) {
        const reason = error instanceof SpotifyException ? error.reason : undefined;
        if (
          reason === (SpotifyError.NOT_FOUND as string) ||
          reason === (SpotifyError.FORBIDDEN as string) ||
          reason === (SpotifyError.BAD_REQUEST as string)
        ) {
          this.logger.warn(`Room ${room.id}: fallback playlist unreadable (${reason})`);
          return null;
        }
        throw error;
      }
      const [pick] = await this.guardrails.passing(
        room,
        page.filter((track) => !played.has(track.uri)),
      );
      if (pick) {
        const row = await this.roomTracks.findInRoom(room.id, pick.uri);
        return { uri: pick.uri, row };
      }
      if (page.length < pageSize) return null;
    }
    return null;
  }

  /**
   * A skip with nothing to follow: the skipped track must not play on to its end, so the host's
   * player is paused (one command), if it still plays that track; anything else is the host's.
   * The room has moved on already: a refusal is logged, not undone.
   */
  private async silenceIfSkipped(room: Room, trackId: string): Promise<void> {
    try {
      // A skip, a vote-to-skip (whoever moved the room on) or a removal: SKIPPED by now.
      const ended = await this.roomTracks.findById(trackId);
      if (ended?.status !== TrackStatus.SKIPPED) return;
      const player = await this.spotify.getPlayer(room.hostId);
      if (player?.isPlaying && player.itemUri === ended.uri) await this.spotify.pause(room.hostId);
    } catch (error) {
      this.logger.warn(`Room ${room.id}: the skipped track was not paused: ${String(error)}`);
    }
  }

  /** Any other track still marked PLAYING (a leftover) has played. */
  private async endOtherPlaying(
    manager: EntityManager,
    roomId: string,
    keepId: string | null,
  ): Promise<void> {
    const query = manager
      .createQueryBuilder()
      .update(RoomTrack)
      .set({ status: TrackStatus.PLAYED })
      .where('"roomId" = :roomId AND "status" = :playing', {
        roomId,
        playing: TrackStatus.PLAYING,
      });
    if (keepId) query.andWhere('"id" != :keepId', { keepId });
    await query.execute();
  }

  /** Spotify said no to `play`: the track did not start. */
  private async undo(
    room: Room,
    expected: RoomPlayback,
    failed: {
      nextId: string;
      next: NextTrack;
      oldTrackId: string | null;
      userStep: boolean;
      error: unknown;
    },
  ): Promise<void> {
    const { nextId, next, oldTrackId, userStep, error } = failed;
    await this.store.transaction(async (manager) => {
      const patch: PlaybackPatch = userStep
        ? {
            state: expected.state,
            reason: expected.reason,
            trackId: expected.trackId,
            progressMs: expected.progressMs,
            durationMs: expected.durationMs,
            observedAt: expected.observedAt,
            commandAt: expected.commandAt,
          }
        : { ...playbackStateFor(error), trackId: null, progressMs: null, observedAt: new Date() };
      const undone = await this.store.compareAndSet(room.id, expected.version + 1, patch, {
        manager,
      });
      if (!undone) return;
      const restoredId = userStep ? oldTrackId : null;
      await manager.update(Room, { id: room.id }, { nowPlayingTrackId: restoredId });
      if (next.row) {
        await manager.update(
          RoomTrack,
          { id: nextId },
          { status: next.row.status, playedAt: next.row.playedAt },
        );
      } else {
        await manager.delete(RoomTrack, { id: nextId });
      }
      if (restoredId) {
        await manager.update(RoomTrack, { id: restoredId }, { status: TrackStatus.PLAYING });
      }
    });
    this.rooms.changed(room.id);
  }
}
