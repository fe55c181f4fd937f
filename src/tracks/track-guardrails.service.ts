import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { RawSql } from '../database/raw-sql.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationActionType } from '../rooms/moderation-action.enum.js';
import { ModerationLogService } from '../rooms/moderation-log.service.js';
import type { Room } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { SpotifyError, SpotifyException, onBehalfOf } from '../spotify/spotify.exception.js';
import {
  breaking,
  hasGuardrails,
  refusal,
  UnjudgedTrack,
  type Guardrails,
  type JudgedTrack,
} from './guardrails.js';
import { RoomTrack } from './room-track.entity.js';
import { TrackStatus } from './track-status.enum.js';

/** Metadata fetched from Spotify at once while a guardrail is set (one call per track). */
const FETCH_CONCURRENCY = 4;
/** Tries of a change under the lock that found a track not judged yet (fetched in between). */
const ATTEMPTS = 3;

/** A QUEUED or READY track of a room with what its guardrails judge it by (null: not cached). */
interface WaitingTrack {
  id: string;
  uri: string;
  track: JudgedTrack | null;
}

/**
 * The host's guardrails, on every way a track enters the party: addTrack, a first vote,
 * addRandomTrack and the autoplay's fallback picks ask here, and updateRoom applies them to the
 * tracks already waiting. A track is judged on Spotify's own metadata, fetched before it is judged
 * when it is not cached yet; the artist limit is counted under the room's lock, as the fair share.
 */
@Injectable()
export class TrackGuardrailsService implements OnModuleInit {
  constructor(
    @InjectRepository(RoomTrack) private readonly roomTracks: Repository<RoomTrack>,
    private readonly rooms: RoomsService,
    private readonly spotify: SpotifyApiService,
    private readonly moderationLog: ModerationLogService,
    private readonly transactions: TransactionRunner,
    private readonly raw: RawSql,
  ) {}

  onModuleInit(): void {
    this.rooms.useGuardrails((room, actorId, write) => this.applyWith(room, actorId, write));
  }

  /**
   * What the room's guardrails judge the track by, from the cache or else from Spotify with the
   * host's account; null when the room has no guardrails (nothing is judged, nothing waits for
   * Spotify). A failing Spotify is the caller's error (SPOTIFY_UNAVAILABLE...), never a pass.
   */
  async metadataToJudge(
    room: Guardrails & Pick<Room, 'hostId'>,
    uri: string,
    callerId: string,
  ): Promise<JudgedTrack | null> {
    return hasGuardrails(room) ? this.fetchToJudge(room, uri, callerId) : null;
  }

  /** As metadataToJudge, whatever the room's guardrails (they were set since it was read). */
  fetchToJudge(room: Pick<Room, 'hostId'>, uri: string, callerId: string): Promise<JudgedTrack> {
    return onBehalfOf(callerId, room.hostId, () => this.spotify.getTrack(room.hostId, uri));
  }

  /**
   * Inside the transaction that adds a track new to the room, holding the room's lock (`room` as
   * read under it): throws the refusal (CONFLICT: EXPLICIT, TOO_LONG, ARTIST_LIMIT), or
   * UnjudgedTrack when the room has guardrails and `track` was not fetched.
   */
  async assertAdmissible(
    manager: EntityManager,
    room: Room,
    track: JudgedTrack | null,
  ): Promise<void> {
    if (!hasGuardrails(room)) return;
    if (!track) throw new UnjudgedTrack();
    const waiting =
      room.maxPerArtist === null
        ? new Map<string, number>()
        : (await this.waitingByArtist(manager, room.id))();
    const refused = refusal(room, track, waiting);
    if (refused) throw refused;
  }

  /**
   * Candidates that pass the room's guardrails as the room is now (a random pick, a fallback
   * pick), in their order. Read outside the room's lock: a pick that is added is judged again
   * under it.
   */
  async passing<T extends JudgedTrack & { uri: string }>(
    room: Room,
    candidates: readonly T[],
  ): Promise<T[]> {
    if (!hasGuardrails(room)) return [...candidates];
    const waitingExcept =
      room.maxPerArtist === null
        ? () => new Map<string, number>()
        : await this.waitingByArtist(this.roomTracks.manager, room.id);
    return candidates.filter((track) => refusal(room, track, waitingExcept(track.uri)) === null);
  }

  /**
   * updateRoom: runs `write` (the new settings) and, in the same transaction and under the room's
   * lock, makes the QUEUED and READY tracks that break the room's guardrails (`room`, as the
   * change leaves it) REMOVED, each recorded in the audit trail as the host's removal. The
   * metadata of waiting tracks not cached yet is fetched before, outside the lock.
   */
  private async applyWith(
    room: Room,
    actorId: string,
    write: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const unknown = hasGuardrails(room) ? await this.fetchUnjudged(room) : new Set<string>();
      try {
        await this.transactions.run(async (manager) => {
          // The room's row first (the settings), as votes lock it first.
          await write(manager);
          if (hasGuardrails(room)) await this.removeBreaking(manager, room, actorId, unknown);
        });
        return;
      } catch (error) {
        if (!(error instanceof UnjudgedTrack)) throw error;
        // Tracks keep arriving without metadata Spotify will give: not judged, not set.
        if (attempt === ATTEMPTS) throw new SpotifyException(SpotifyError.UNAVAILABLE);
      }
    }
  }

  /** `unknown`: tracks Spotify has no metadata for; they break no rule (nothing to judge). */
  private async removeBreaking(
    manager: EntityManager,
    room: Room,
    actorId: string,
    unknown: ReadonlySet<string>,
  ): Promise<void> {
    const waiting = (await this.waitingTracks(manager, room.id)).filter(
      (entry) => entry.track !== null || !unknown.has(entry.uri),
    );
    if (waiting.some((entry) => entry.track === null)) throw new UnjudgedTrack();
    const removed = breaking(room, waiting as Array<WaitingTrack & { track: JudgedTrack }>);
    for (const { id, uri } of removed) {
      const changed = await this.raw.run(
        manager,
        'UPDATE "room_tracks" SET "status" = ? WHERE "id" = ? AND "status" IN (?, ?)',
        [TrackStatus.REMOVED, id, TrackStatus.QUEUED, TrackStatus.READY],
      );
      if (changed === 0) continue;
      await this.moderationLog.record(
        {
          roomId: room.id,
          actorId,
          action: ModerationActionType.TRACK_REMOVED,
          targetTrackUri: uri,
        },
        manager,
      );
    }
  }

  /**
   * Caches the metadata of the room's waiting tracks that the cache lacks (or holds incomplete);
   * answers the ones Spotify has no such track for. Any other failure is thrown.
   */
  private async fetchUnjudged(room: Room): Promise<Set<string>> {
    const unjudged = (await this.waitingTracks(this.roomTracks.manager, room.id))
      .filter((entry) => entry.track === null)
      .map((entry) => entry.uri);
    const unknown = new Set<string>();
    for (let start = 0; start < unjudged.length; start += FETCH_CONCURRENCY) {
      await Promise.all(
        unjudged.slice(start, start + FETCH_CONCURRENCY).map(async (uri) => {
          try {
            await this.spotify.getTrack(room.hostId, uri);
          } catch (error) {
            const notFound =
              error instanceof SpotifyException &&
              error.reason === (SpotifyError.NOT_FOUND as string);
            if (!notFound) throw error;
            unknown.add(uri);
          }
        }),
      );
    }
    return unknown;
  }

  /** The room's QUEUED and READY tracks, READY first in queue order, then QUEUED oldest first. */
  private async waitingTracks(manager: EntityManager, roomId: string): Promise<WaitingTrack[]> {
    const rows = await this.raw.rows<{
      id: string;
      uri: string;
      explicit: boolean | number | null;
      durationMs: number | null;
      artistIds: string | null;
    }>(
      manager,
      'SELECT "t"."id", "t"."uri", "s"."explicit", "s"."durationMs", "s"."artistIds" ' +
        'FROM "room_tracks" "t" LEFT JOIN "spotify_tracks" "s" ON "s"."uri" = "t"."uri" ' +
        'WHERE "t"."roomId" = ? AND "t"."status" IN (?, ?) ' +
        'ORDER BY CASE WHEN "t"."status" = ? THEN 0 ELSE 1 END, "t"."thresholdReachedAt", ' +
        '"t"."addedAt", "t"."id"',
      [roomId, TrackStatus.READY, TrackStatus.QUEUED, TrackStatus.READY],
    );
    return rows.map((row) => ({
      id: row.id,
      uri: row.uri,
      track:
        row.artistIds === null
          ? null
          : {
              explicit: row.explicit === null ? null : row.explicit === true || row.explicit === 1,
              durationMs: row.durationMs,
              artistIds: JSON.parse(row.artistIds) as string[],
            },
    }));
  }

  /**
   * Per artist id, the room's QUEUED and READY tracks by that artist (any of a track's artists),
   * the track `except` left out (a candidate already waiting does not count against itself).
   */
  private async waitingByArtist(
    manager: EntityManager,
    roomId: string,
  ): Promise<(except?: string) => Map<string, number>> {
    const rows = await this.raw.rows<{ uri: string; artistIds: string | null }>(
      manager,
      'SELECT "t"."uri", "s"."artistIds" FROM "room_tracks" "t" ' +
        'JOIN "spotify_tracks" "s" ON "s"."uri" = "t"."uri" ' +
        'WHERE "t"."roomId" = ? AND "t"."status" IN (?, ?)',
      [roomId, TrackStatus.QUEUED, TrackStatus.READY],
    );
    const waiting = rows
      .filter((row) => row.artistIds !== null)
      .map((row) => ({ uri: row.uri, artistIds: new Set(JSON.parse(row.artistIds!) as string[]) }));
    return (except) => {
      const counts = new Map<string, number>();
      for (const { uri, artistIds } of waiting) {
        if (uri === except) continue;
        for (const id of artistIds) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
  }
}
