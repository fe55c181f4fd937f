import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';
import { TrackStatus } from './track-status.enum.js';

/** A track inside one room with its tally; the tally changes only in VotesService. */
@Entity('room_tracks')
@Index('UQ_room_tracks_room_uri', ['roomId', 'uri'], { unique: true })
export class RoomTrack {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room>;

  @Column({ type: 'varchar', length: 64 })
  uri: string;

  @Column({ type: 'integer', default: 0 })
  likes: number;

  @Column({ type: 'integer', default: 0 })
  dislikes: number;

  @Column({ type: 'varchar', length: 16, default: TrackStatus.QUEUED })
  status: TrackStatus;

  @Column({ type: 'uuid', nullable: true })
  addedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'addedById' })
  addedBy?: Relation<User> | null;

  @CreateDateColumn()
  addedAt: Date;

  @Column({ type: Date, nullable: true })
  thresholdReachedAt: Date | null;

  /** When it started playing on the host's Spotify. */
  @Column({ type: Date, nullable: true })
  playedAt: Date | null;
}
