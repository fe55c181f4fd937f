import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Room } from '../rooms/room.entity.js';
import { PlaybackState } from './playback-state.enum.js';

/**
 * What the server keeps the host's Spotify playing for one room, as last observed, and which
 * instance drives it. Every transition is a compare-and-set on `version`, and only the holder of
 * the lease (`driverId` until `leaseUntil`) polls Spotify: one command per transition, whatever
 * the number of instances.
 */
@Entity('room_playbacks')
@Index('IDX_room_playbacks_autoplay', ['autoplay'])
export class RoomPlayback {
  @PrimaryColumn({ type: 'uuid' })
  roomId: string;

  @OneToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room>;

  @Column({ type: 'boolean', default: false })
  autoplay: boolean;

  @Column({ type: 'varchar', length: 24, default: PlaybackState.OFF })
  state: PlaybackState;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  /** Bumped by every transition; a writer that read an older version loses. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  /** The party track the host's Spotify was told to play (mirrors rooms.nowPlayingTrackId). */
  @Column({ type: 'uuid', nullable: true })
  trackId: string | null;

  @Column({ type: 'integer', nullable: true })
  progressMs: number | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ type: Date, nullable: true })
  observedAt: Date | null;

  /** When the last play command was sent: until Spotify shows it, another item is no takeover. */
  @Column({ type: Date, nullable: true })
  commandAt: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  deviceName: string | null;

  /**
   * The fallback pick chosen ahead, shown as Playback.next while the queue is empty and played
   * when its turn comes, under this id (its room track's, once it plays).
   */
  @Column({ type: 'uuid', nullable: true })
  fallbackPickId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fallbackPickUri: string | null;

  /** What the pick was chosen under, fallbackPickSource(): the fallback playlist and the guardrails (none left in it: no pick, this still set). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  fallbackPickFrom: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  driverId: string | null;

  @Column({ type: Date, nullable: true })
  leaseUntil: Date | null;
}
