import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import type { Room } from '../rooms/room.entity.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { playlistIdOf } from '../spotify/playlist-uri.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import { SpotifyCredentialsService } from '../spotify/spotify-credentials.service.js';
import { SpotifyError, SpotifyException } from '../spotify/spotify.exception.js';
import type { RoomTrackModel } from '../tracks/models/room-track.model.js';
import { RoomTracksService } from '../tracks/room-tracks.service.js';
import { TrackStatus } from '../tracks/track-status.enum.js';
import type { PlaybackModel } from './models/playback.model.js';
import type { PlaylistExportModel } from './models/playlist-export.model.js';
import { PlaybackState } from './playback-state.enum.js';
import { PlaybackDriver } from './playback.driver.js';
import { PlaybackError, PlaybackException } from './playback.exception.js';
import { PlaybackTransitions, type Step, type StepOutcome } from './playback.transitions.js';
import type { RoomPlayback } from './room-playback.entity.js';
import { RoomPlaybackStore } from './room-playback.store.js';

/** The scope exportPlaylist needs; logins from before it was asked for lack it. */
const EXPORT_SCOPE = 'playlist-modify-private';
/** A transition lost to a concurrent one is tried again on the fresh state this often. */
const STEP_ATTEMPTS = 3;

/**
 * What plays on the host's Spotify: autoplay on and off, skips, the host's own picks and the
 * export of what played. The driver (PlaybackDriver) does the playing; every change goes through
 * PlaybackTransitions, so a skip here and the end of a track seen by the driver never both act.
 */
@Injectable()
export class PlaybackService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    private readonly spotify: SpotifyApiService,
    private readonly credentials: SpotifyCredentialsService,
    private readonly store: RoomPlaybackStore,
    private readonly transitions: PlaybackTransitions,
    private readonly driver: PlaybackDriver,
  ) {}

  async startParty(
    caller: AuthUser,
    code: string,
    fallbackPlaylistUri?: string | null,
  ): Promise<Room> {
    const room = await this.rooms.getOpenForHost(code, caller);
    if (fallbackPlaylistUri !== undefined) {
      if (fallbackPlaylistUri !== null) await this.assertReadable(room, fallbackPlaylistUri);
      await this.rooms.setFallbackPlaylist(room, fallbackPlaylistUri);
    }
    await this.store.ensure(room.id);
    for (let attempt = 0; attempt < STEP_ATTEMPTS; attempt++) {
      const playback = await this.store.get(room.id);
      if (playback.autoplay) break;
      // The driver's first look decides: carry on with the party track that plays, or start one.
      const switched = await this.transitions.setState(room.id, playback, {
        autoplay: true,
        state: PlaybackState.WAITING_FOR_TRACKS,
        reason: null,
        trackId: room.nowPlayingTrackId,
        observedAt: null,
        commandAt: null,
        // The instance that switched autoplay on drives the room; others take over if it dies.
        ...this.driver.freshLease(),
      });
      if (switched) break;
    }
    await this.driver.drive(room.id);
    return this.rooms.getById(room.id);
  }

  async stopParty(caller: AuthUser, code: string): Promise<Room> {
    const room = await this.rooms.getForHost(code, caller);
    for (let attempt = 0; attempt < STEP_ATTEMPTS; attempt++) {
      const playback = await this.store.get(room.id);
      if (!playback.autoplay) break;
      const switched = await this.transitions.setState(room.id, playback, {
        autoplay: false,
        state: PlaybackState.OFF,
        reason: null,
        driverId: null,
        leaseUntil: null,
      });
      if (switched) break;
    }
    this.driver.wake(room.id);
    return this.rooms.getById(room.id);
  }

  /** The playing party track becomes SKIPPED and the next starts. */
  async skip(caller: AuthUser, code: string): Promise<PlaybackModel> {
    const { room } = await this.rooms.getOpenForModerator(code, caller);
    const skipped = room.nowPlayingTrackId;
    if (!skipped) throw new PlaybackException(PlaybackError.NOTHING_PLAYING);
    await this.step(room.id, { kind: 'skip' }, (fresh) => fresh.nowPlayingTrackId === skipped);
    return this.playback(await this.rooms.getById(room.id));
  }

  /**
   * After a vote that moved the playing track to SKIPPED (vote-to-skip) has committed: the same
   * transition as skip, so of a crowd skip and a host skip of one track only one moves the room on.
   */
  async crowdSkipped(roomId: string, trackId: string): Promise<void> {
    await this.step(roomId, { kind: 'skip' }, (fresh) => fresh.nowPlayingTrackId === trackId);
  }

  /**
   * Host or co-host: the track leaves the queue for good; if it is the party track playing, it
   * is skipped first (SKIPPED, the next one starts), then marked REMOVED.
   */
  async removeTrack(caller: AuthUser, code: string, uri: string): Promise<RoomTrackModel> {
    const { room } = await this.rooms.getForModerator(code, caller);
    const track = await this.roomTracks.getInRoom(room.id, uri);
    if (room.status === RoomStatus.OPEN && room.nowPlayingTrackId === track.id) {
      await this.step(room.id, { kind: 'skip' }, (fresh) => fresh.nowPlayingTrackId === track.id);
    }
    return this.roomTracks.remove(caller, code, uri);
  }

  /** The host's pick plays now, autoplay on or off. */
  async play(caller: AuthUser, code: string, uri: string): Promise<RoomTrackModel> {
    const room = await this.rooms.getOpenForHost(code, caller);
    await this.roomTracks.getActiveInRoom(room.id, uri);
    await this.step(room.id, { kind: 'pick', uri }, () => true);
    const [model] = await this.roomTracks.modelsFetchingMissing(
      [await this.roomTracks.getInRoom(room.id, uri)],
      room.hostId,
    );
    return model;
  }

  /** The tracks that played, in play order, as a new private playlist of the host's. */
  async exportPlaylist(
    caller: AuthUser,
    code: string,
    name?: string | null,
  ): Promise<PlaylistExportModel> {
    const room = await this.rooms.getForHost(code, caller);
    if (!(await this.credentials.hasScope(room.hostId, EXPORT_SCOPE))) {
      throw new SpotifyException(SpotifyError.SCOPE_MISSING);
    }
    const played = await this.roomTracks.listPlayed(room.id, [
      TrackStatus.PLAYED,
      TrackStatus.PLAYING,
    ]);
    if (played.length === 0) throw new PlaybackException(PlaybackError.NOTHING_PLAYED);
    const title = name ?? `${room.name} ${room.createdAt.toISOString().slice(0, 10)}`.slice(0, 100);
    const playlist = await this.spotify.createPlaylist(
      room.hostId,
      title,
      `The tracks that played at ${room.name}, in order.`,
    );
    await this.spotify.addPlaylistItems(
      room.hostId,
      playlist.id,
      played.map((track) => track.uri),
    );
    return { uri: playlist.uri, name: playlist.name, trackCount: played.length };
  }

  private readonly rowsBeingRead = new WeakMap<object, Promise<RoomPlayback>>();

  /**
   * `Room.autoplay` and `Room.playback` of one answer: both from one read of the playback row, so
   * an answer read during a transition (a take-over, say) never pairs `autoplay: true` with an
   * `OFF` it caused. Sibling fields are resolved one after the other with the same parent object
   * before the read settles; the read is forgotten once it has, so the next answer reads again.
   */
  private playbackRowOf(room: Pick<Room, 'id'>): Promise<RoomPlayback> {
    let row = this.rowsBeingRead.get(room);
    if (!row) {
      row = this.store.get(room.id);
      this.rowsBeingRead.set(room, row);
      const forget = () => this.rowsBeingRead.delete(room);
      row.then(forget, forget);
    }
    return row;
  }

  async autoplay(room: Pick<Room, 'id'>): Promise<boolean> {
    return (await this.playbackRowOf(room)).autoplay;
  }

  async playback(room: Room): Promise<PlaybackModel> {
    return this.transitions.model(room, await this.playbackRowOf(room));
  }

  async queue(room: Pick<Room, 'id' | 'hostId'>): Promise<RoomTrackModel[]> {
    return this.roomTracks.modelsFetchingMissing(
      await this.roomTracks.listQueue(room.id),
      room.hostId,
    );
  }

  async history(room: Pick<Room, 'id' | 'hostId'>): Promise<RoomTrackModel[]> {
    return this.roomTracks.modelsFetchingMissing(
      await this.roomTracks.listPlayed(room.id, [TrackStatus.PLAYED, TrackStatus.SKIPPED]),
      room.hostId,
    );
  }

  /**
   * Runs a transition on fresh state; lost to a concurrent one, tries again while `stillWanted`
   * holds for the room as it is now (a skip of a track that already ended is not repeated).
   */
  private async step(
    roomId: string,
    step: Step,
    stillWanted: (room: Room) => boolean,
  ): Promise<StepOutcome> {
    let outcome: StepOutcome = { outcome: 'lost' };
    for (let attempt = 0; attempt < STEP_ATTEMPTS; attempt++) {
      const room = await this.rooms.getById(roomId);
      if (!stillWanted(room)) break;
      outcome = await this.transitions.advance(room, await this.store.get(roomId), step);
      if (outcome.outcome !== 'lost') break;
    }
    this.driver.wake(roomId, 500);
    return outcome;
  }

  /** The fallback must be a playlist the host's account can read (their own, or collaborative). */
  private async assertReadable(room: Room, uri: string): Promise<void> {
    const id = playlistIdOf(uri);
    if (!id) throw new PlaybackException(PlaybackError.FALLBACK_PLAYLIST_UNREADABLE);
    try {
      await this.spotify.getPlaylistTracks(room.hostId, id, 1, 0);
    } catch (error) {
      const reason = error instanceof SpotifyException ? error.reason : undefined;
      if (
        reason === (SpotifyError.NOT_FOUND as string) ||
        reason === (SpotifyError.FORBIDDEN as string)
      ) {
        throw new PlaybackException(PlaybackError.FALLBACK_PLAYLIST_UNREADABLE);
      }
      throw error;
    }
  }
}
