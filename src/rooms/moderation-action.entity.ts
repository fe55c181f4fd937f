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
import { User } from '../users/user.entity.js';
import { ModerationActionType } from './moderation-action.enum.js';
import { Role } from './role.enum.js';
import { Room } from './room.entity.js';

/** One line of a room's audit trail: who did what to whom (a participant or a track), when. */
@Entity('moderation_actions')
@Index('IDX_moderation_actions_room_created', ['roomId', 'createdAt'])
export class ModerationAction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room>;

  @Column({ type: 'uuid' })
  actorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'actorId' })
  actor?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  action: ModerationActionType;

  @Column({ type: 'uuid', nullable: true })
  targetUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'targetUserId' })
  targetUser?: Relation<User> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetTrackUri: string | null;

  /** The role given, for ROLE_CHANGED. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  role: Role | null;

  @CreateDateColumn()
  createdAt: Date;
}
