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
import { RoomTrack } from '../tracks/room-track.entity.js';

/** One vote per user and room track (unique): voting again updates this row. */
@Entity('votes')
@Index('UQ_votes_track_user', ['roomTrackId', 'userId'], { unique: true })
export class Vote {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roomTrackId: string;

  @ManyToOne(() => RoomTrack, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomTrackId' })
  roomTrack?: Relation<RoomTrack>;

  @Index('IDX_votes_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  @Column({ type: 'boolean' })
  isLike: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
