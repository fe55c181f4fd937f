import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { In, IsNull, Not, Repository, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationActionType } from '../rooms/moderation-action.enum.js';
import { ModerationLogService } from '../rooms/moderation-log.service.js';
import type { Room } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { onBehalfOf } from '../spotify/spotify.exception.js';
import type { SpotifyTrack } from '../spotify/spotify-track.entity.js';
import type { SpotifyTrackInfo } from '../spotify/spotify.types.js';
import { SpotifyTrackMetadataService } from '../spotify/spotify-track-metadata.service.js';
import { SpotifyTracksService } from '../spotify/spotify-tracks.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { RoomTrackModel } from './models/room-track.model.js';
import { RoomTrack } from './room-track.entity.js';
import { TrackStatus } from './track-status.enum.js';
import { toTrackModel } from './track.mapper.js';
import { hasGuardrails, UnjudgedTrack, type JudgedTrack } from './guardrails.js';
import { TrackGuardrailsService } from './track-guardrails.service.js';
import { TracksError, TracksException } from './tracks.exception.js';

/** Playlists tried per random pick before giving up on a participant. */
const RANDOM_PLAYLIST_ATTEMPTS = 3;

/** The tracks of a room: adding them, listing them, and their Spotify metadata. */
@Injectable()
export class RoomTracksService {
  private readonly logger = new Logger(RoomTracksService.name);

  constructor(
    @InjectRepository(RoomTrack) private readonly roomTracks: Repository<RoomTrack>,
    private readonly users: UsersService,
    private readonly rooms: RoomsService,
    private readonly spotifyTracks: SpotifyTracksService,
    private readonly trackMetadata: SpotifyTrackMetadataService,
    private readonly spotify: SpotifyApiService,
    private readonly transactions: TransactionRunner,
    private readonly moderationLog: ModerationLogService,
    private readonly guardrails: TrackGuardrailsService,
  ) {}

  /** Most likes first, then oldest first. Without a status, REMOVED tracks are left out. */
  list(roomId: string, status?: TrackStatus): Promise<RoomTrack[]> {
    return this.roomTracks.find({
      where: { roomId, status: status ?? Not(TrackStatus.REMOVED) },
      order: { likes: 'DESC', addedAt: 'ASC', id: 'ASC' },
    });
  }

  /** READY tracks, the first to reach the threshold first: what autoplay plays next, in order. */
  listQueue(roomId: string): Promise<RoomTrack[]> {
    return this.roomTracks.find({
      where: { roomId, status: TrackStatus.READY },
      order: { thresholdReachedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The first of the queue, or null. */
  async firstReady(roomId: string): Promise<RoomTrack | null> {
    return this.roomTracks.findOne({
      where: { roomId, status: TrackStatus.READY },
      order: { thresholdReachedAt: 'ASC', id: 'ASC' },
    });
  }

  /** Tracks with one of `statuses`, in the order they started playing. */
  listPlayed(roomId: string, statuses: TrackStatus[]): Promise<RoomTrack[]> {
    return this.roomTracks.find({
      where: { roomId, status: In(statuses) },
      order: { playedAt: 'ASC', addedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The uris of the room's tracks that have started playing at some point (or are playing). */
  async playedUris(roomId: string): Promise<Set<string>> {
    const rows = await this.roomTracks.find({
      select: { uri: true },
      where: { roomId, playedAt: Not(IsNull()) },
    });
    return new Set(rows.map((r) => r.uri));
  }

  findInRoom(roomId: string, uri: string): Promise<RoomTrack | null> {
    return this.roomTracks.findOneBy({ roomId, uri });
  }

  async getInRoom(roomId: string, uri: string): Promise<RoomTrack> {
    const track = await this.roomTracks.findOneBy({ roomId, uri });
    if (!track) throw new TracksException(TracksError.TRACK_NOT_IN_ROOM);
    return track;
  }

  /** As getInRoom, refusing a REMOVED track (CONFLICT). */
  async getActiveInRoom(roomId: string, uri: string): Promise<RoomTrack> {
    const track = await this.getInRoom(roomId, uri);
    if (track.status === TrackStatus.REMOVED) throw new TracksException(TracksError.TRACK_REMOVED);
    return track;
  }

  /**
   * Host or co-host: the track leaves the queue for good. A PLAYING track stops being the room's
   * nowPlaying (stopping it on the host's Spotify is the playback driver's part). Removing a
   * removed track again changes nothing.
   */
  async remove(caller: AuthUser, code: string, uri: string): Promise<RoomTrackModel> {
    const { room } = await this.rooms.getOpenForModerator(code, caller);
    const track = await this.getInRoom(room.id, uri);
    if (track.status !== TrackStatus.REMOVED) {
      await this.transactions.run(async (manager) => {
        // Room row first, as votes and playTrack do, so they never wait on each other in a cycle,
        // and a vote is counted either before the removal or refused after it.
        await this.rooms.lockRow(manager, room.id);
        await this.rooms.clearNowPlaying(manager, room.id, track.id);
        const removed = await manager.update(
          RoomTrack,
          { id: track.id, status: Not(TrackStatus.REMOVED) },
          { status: TrackStatus.REMOVED },
        );
        if (removed.affected === 0) return;
        await this.moderationLog.record(
          {
            roomId: room.id,
            actorId: caller.id,
            action: ModerationActionType.TRACK_REMOVED,
            targetTrackUri: uri,
          },
          manager,
        );
      });
      this.rooms.changed(room.id);
      await this.rooms.publishRoom(await this.rooms.getById(room.id));
    }
    const [model] = await this.modelsFetchingMissing(
      [await this.getInRoom(room.id, uri)],
      room.hostId,
    );
    return model;
  }

  findById(id: string): Promise<RoomTrack | null> {
    return this.roomTracks.findOneBy({ id });
  }

  async add(caller: AuthUser, code: string, uri: string): Promise<RoomTrackModel> {
    const room = await this.rooms.getOpenForParticipant(code, caller);
    const track = await this.insertGuarded(room, uri, caller.id);
    await this.rooms.publishRoom(room);
    const [model] = await this.toModels([track]);
    return model;
  }

  /** A random track from a random Spotify-linked participant's own playlists (host if no one else). */
  async addRandom(caller: AuthUser, code: string): Promise<RoomTrackModel> {
    const room = await this.rooms.getOpenForParticipant(code, caller);
    // The pick is the caller's track, within their fair share: a caller already at it is refused
    // before anyone's playlists are read from Spotify (checked again under the lock, as addTrack).
    if (caller.id !== room.hostId && room.maxQueuedPerParticipant !== null) {
      const waiting = await this.waitingOf(this.roomTracks.manager, room.id, caller.id);
      if (waiting >= room.maxQueuedPerParticipant) {
        throw new TracksException(TracksError.QUEUE_LIMIT);
      }
    }
    const linked = await this.rooms.listSpotifyLinkedParticipants(room.id);
    // Other linked participants in random order; the host last, as the fallback.
    const candidates = [
      ...shuffle(linked.filter((p) => p.userId !== room.hostId)),
      ...linked.filter((p) => p.userId === room.hostId),
    ];
    let lastError: Error | null = null;
    for (const participant of candidates) {
      try {
        const pick = await onBehalfOf(caller.id, participant.userId, () =>
          this.randomTrackOf(participant.user!, room),
        );
        if (!pick) continue;
        const track = await this.insertGuarded(room, pick.uri, caller.id, { known: pick });
        await this.rooms.publishRoom(room);
        const [model] = await this.toModels([track]);
        return model;
      } catch (error) {
        // The caller's fair share, not this participant's playlists: no other pick would help.
        if (
          error instanceof TracksException &&
          error.reason === (TracksError.QUEUE_LIMIT as string)
        ) {
          throw error;
        }
        this.logger.warn(
          `No random track from user ${participant.userId}: ${(error as Error).message}`,
        );
        lastError = error instanceof Error ? error : new Error(String(error));
      }
    }
    if (lastError) throw lastError;
    if (hasGuardrails(room)) {
      throw new TracksException(
        TracksError.NO_PLAYLIST_TRACKS,
        "No track in the participants' own Spotify playlists passes the host's guardrails",
      );
    }
    throw new TracksException(TracksError.NO_PLAYLIST_TRACKS);
  }

  /** Whether the caller is the room's host or a co-host of it: they see its REMOVED tracks. */
  async canSeeRemoved(
    room: Pick<Room, 'id' | 'hostId'>,
    caller: AuthUser | null,
  ): Promise<boolean> {
    if (!caller) return false;
    return caller.id === room.hostId || this.rooms.isModerator(room.id, caller.id);
  }

  /** The room's tracks as API models; metadata still unknown is fetched in the background. */
  async listModels(
    room: Pick<Room, 'id' | 'hostId'>,
    status?: TrackStatus,
  ): Promise<RoomTrackModel[]> {
    return this.modelsFetchingMissing(await this.list(room.id, status), room.hostId);
  }

  /** One track as an API model, by id; null when it is gone. */
  async modelById(id: string, hostId: string): Promise<RoomTrackModel | null> {
    const track = await this.findById(id);
    if (!track) return null;
    const [model] = await this.modelsFetchingMissing([track], hostId);
    return model;
  }

  /** As toModels, and asks for the Spotify metadata that is not cached yet (never waited for). */
  async modelsFetchingMissing(rows: RoomTrack[], hostId: string): Promise<RoomTrackModel[]> {
    const metadata = await this.spotifyTracks.findByUris(rows.map((r) => r.uri));
    for (const row of rows) {
      if (!metadata.has(row.uri)) void this.trackMetadata.ensure(row.uri, hostId);
    }
    return this.toModels(rows, metadata);
  }

  /**
   * API models for rows, with two batched reads (metadata unless given, adders) whatever the
   * number of rows. `myVote` is left to the votes module's field resolver.
   */
  async toModels(
    rows: RoomTrack[],
    knownMetadata?: Map<string, SpotifyTrack>,
  ): Promise<RoomTrackModel[]> {
    if (rows.length === 0) return [];
    const adderIds = [...new Set(rows.map((r) => r.addedById).filter((id): id is string => !!id))];
    const [metadata, adders] = await Promise.all([
      knownMetadata ?? this.spotifyTracks.findByUris(rows.map((r) => r.uri)),
      this.users.findByIds(adderIds),
    ]);
    const adderById = new Map<string, User>(adders.map((u) => [u.id, u]));
    return rows.map((row) => ({
      id: row.id,
      uri: row.uri,
      track: toTrackModel(metadata.get(row.uri)),
      likes: row.likes,
      dislikes: row.dislikes,
      status: row.status,
      addedBy: (row.addedById && adderById.get(row.addedById)) || null,
      addedAt: row.addedAt,
      readyAt: row.thresholdReachedAt,
      playedAt: row.playedAt,
    }));
  }

  /**
   * Inside a transaction that just added a track of the user's, holding the room's row lock:
   * refuses (CONFLICT, QUEUE_LIMIT) when the user now has more than `limit` tracks QUEUED or
   * READY, which rolls the addition back.
   */
  async assertWithinQueueLimit(
    manager: EntityManager,
    roomId: string,
    userId: string,
    limit: number,
  ): Promise<void> {
    const waiting = await this.waitingOf(manager, roomId, userId);
    if (waiting > limit) throw new TracksException(TracksError.QUEUE_LIMIT);
  }

  /** How many of the user's tracks wait in the room (QUEUED or READY): what the fair share counts. */
  private waitingOf(manager: EntityManager, roomId: string, userId: string): Promise<number> {
    return manager.countBy(RoomTrack, {
      roomId,
      addedById: userId,
      status: In([TrackStatus.QUEUED, TrackStatus.READY]),
    });
  }

  /**
   * Adds a track new to the room within the fair share and the guardrails, both as the room's
   * row is under its lock (taken first, as votes take it): the lock orders the additions of one
   * room, so two at once cannot both pass a count. The track's metadata is fetched before, when
   * the room has guardrails (`known`: already fetched).
   */
  private async insertGuarded(
    room: Room,
    uri: string,
    userId: string,
    { known }: { known?: JudgedTrack } = {},
  ): Promise<RoomTrack> {
    // A track already in the room is not judged again: nothing to fetch for it.
    if (await this.findInRoom(room.id, uri)) return this.insertIfMissing(room, uri, userId);
    let track = known ?? (await this.guardrails.metadataToJudge(room, uri, userId));
    for (;;) {
      try {
        await this.transactions.run(async (manager) => {
          const locked = await this.rooms.lockAndRead(manager, room.id);
          const existing = await manager.findOneBy(RoomTrack, { roomId: room.id, uri });
          if (existing) return;
          await this.guardrails.assertAdmissible(manager, locked, track);
          await manager.insert(RoomTrack, {
            roomId: room.id,
            uri,
            addedById: userId,
            status: TrackStatus.QUEUED,
            addedAt: new Date(),
          });
          // The host is exempt from the fair share.
          if (userId !== locked.hostId && locked.maxQueuedPerParticipant !== null) {
            await this.assertWithinQueueLimit(
              manager,
              room.id,
              userId,
              locked.maxQueuedPerParticipant,
            );
          }
        });
        break;
      } catch (error) {
        // Guardrails set since the room was read: judged once its metadata is fetched.
        if (!(error instanceof UnjudgedTrack) || track) throw error;
        track = await this.guardrails.fetchToJudge(room, uri, userId);
      }
    }
    return this.insertIfMissing(room, uri, userId);
  }

  private async insertIfMissing(room: Room, uri: string, addedById: string): Promise<RoomTrack> {
    await this.roomTracks
      .createQueryBuilder()
      .insert()
      .values({ roomId: room.id, uri, addedById, status: TrackStatus.QUEUED, addedAt: new Date() })
      .orIgnore()
      .execute();
    const track = await this.roomTracks.findOneByOrFail({ roomId: room.id, uri });
    if (track.status === TrackStatus.REMOVED) throw new TracksException(TracksError.TRACK_REMOVED);
    void this.trackMetadata.ensure(uri, room.hostId);
    return track;
  }

  /** A random track of the user's own playlists that passes the room's guardrails. */
  private async randomTrackOf(user: User, room: Room): Promise<SpotifyTrackInfo | null> {
    const playlists = (await this.spotify.getMyPlaylists(user.id)).filter(
      (p) => p.ownerId === user.spotifyId && p.itemsTotal > 0,
    );
    for (const playlist of shuffle(playlists).slice(0, RANDOM_PLAYLIST_ATTEMPTS)) {
      const offset = playlist.itemsTotal > 50 ? randomInt(playlist.itemsTotal - 49) : 0;
      const tracks = await this.guardrails.passing(
        room,
        await this.spotify.getPlaylistTracks(user.id, playlist.id, 50, offset),
      );
      if (tracks.length > 0) return tracks[randomInt(tracks.length)];
    }
    return null;
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
