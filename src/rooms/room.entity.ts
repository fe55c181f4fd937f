import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { RoomStatus } from './room-status.enum.js';

@Entity('rooms')
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored upper-case, so a case-insensitive lookup is an index hit on the upper-cased input. */
  @Index('UQ_rooms_code', { unique: true })
  @Column({ type: 'varchar', length: 6 })
  code: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Index('IDX_rooms_host')
  @Column({ type: 'uuid' })
  hostId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hostId' })
  host?: Relation<User>;

  @Column({ type: 'integer' })
  likeThreshold: number;

  @Column({ type: 'varchar', length: 16, default: RoomStatus.OPEN })
  status: RoomStatus;

  /** No new guests may join while locked; participants stay. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'uuid', nullable: true })
  nowPlayingTrackId: string | null;

  /** A playlist of the host's that autoplay plays from when nothing is READY. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  fallbackPlaylistUri: string | null;

  /** How many dislikes skip the playing track; null: the crowd cannot skip. */
  @Column({ type: 'integer', nullable: true })
  skipThreshold: number | null;

  /** When set (0 < likeShare <= 1), the like threshold follows the crowd. */
  @Column({ type: 'double precision', nullable: true })
  likeShare: number | null;

  /**
   * With likeShare: the threshold it gave when presence was last counted (likeThresholdInForce).
   * Kept in the row, so that a vote reads the threshold in force under the room's lock.
   */
  @Column({ type: 'integer', nullable: true })
  crowdLikeThreshold: number | null;

  /** At most this many of one participant's tracks QUEUED or READY at once; null: no limit. */
  @Column({ type: 'integer', nullable: true })
  maxQueuedPerParticipant: number | null;

  /** Guardrails: false keeps the tracks Spotify flags explicit out of the party. */
  @Column({ type: 'boolean', default: true })
  explicitAllowed: boolean;

  /** Guardrails: tracks longer than this cannot enter the party; null: any length. */
  @Column({ type: 'integer', nullable: true })
  maxTrackSeconds: number | null;

  /** Guardrails: at most this many QUEUED or READY tracks by one artist; null: no limit. */
  @Column({ type: 'integer', nullable: true })
  maxPerArtist: number | null;

  /** Incremented by every vote: orders the pushed updates of one room. */
  @Column({ type: 'integer', default: 0 })
  voteSeq: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
