import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { KeyedSerialQueue } from '../common/concurrency/keyed-serial-queue.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RoomStatus } from '../rooms/room-status.enum.js';
import { Room } from '../rooms/room.entity.js';
import { RoomsError, RoomsException } from '../rooms/rooms.exception.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SpotifyApiService } from '../spotify/spotify-api.service.js';
import type { RoomTrackModel } from '../tracks/models/room-track.model.js';
import { RoomTrack } from '../tracks/room-track.entity.js';
import { RoomTracksService } from '../tracks/room-tracks.service.js';
import { TrackStatus } from '../tracks/track-status.enum.js';

/**
 * Starts tracks on the host's Spotify. Spotify does not guarantee the order of separate player
 * calls, so they are serialised per room; the room's state changes only after Spotify said yes.
 */
@Injectable()
export class PlaybackService {
  /** Player calls and the state change they confirm, one room at a time. */
  private readonly perRoom = new KeyedSerialQueue();

  constructor(
    private readonly rooms: RoomsService,
    private readonly roomTracks: RoomTracksService,
    private readonly spotify: SpotifyApiService,
    private readonly transactions: TransactionRunner,
  ) {}

  async play(caller: AuthUser, code: string, uri: string): Promise<RoomTrackModel> {
    const room = await this.rooms.getForHost(code, caller);
    if (room.status !== RoomStatus.OPEN) throw new RoomsException(RoomsError.ROOM_CLOSED);
    const track = await this.roomTracks.getActiveInRoom(room.id, uri);
    await this.perRoom.run(room.id, async () => {
      await this.spotify.play(room.hostId, [uri]);
      await this.transactions.run(async (manager) => {
        // Room row first, as votes do, so the two never wait on each other in opposite order.
        await manager.update(Room, { id: room.id }, { nowPlayingTrackId: track.id });
        await manager
          .createQueryBuilder()
          .update(RoomTrack)
          .set({ status: TrackStatus.PLAYED })
          .where('roomId = :roomId AND status = :playing AND id != :id', {
            roomId: room.id,
            playing: TrackStatus.PLAYING,
            id: track.id,
          })
          .execute();
        await manager.update(RoomTrack, { id: track.id }, { status: TrackStatus.PLAYING });
      });
    });
    await this.rooms.publishRoom(await this.rooms.getById(room.id));
    const [model] = await this.roomTracks.modelsFetchingMissing(
      [await this.roomTracks.getInRoom(room.id, uri)],
      room.hostId,
    );
    return model;
  }
}
