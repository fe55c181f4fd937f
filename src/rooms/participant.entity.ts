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
import { Room } from './room.entity.js';
import { Role } from './role.enum.js';

/**
 * One participation per user and room (unique), kept after leaving or removal with `leftAt` set;
 * `bannedAt` keeps a banned user from joining again.
 */
@Entity('participants')
@Index('UQ_participants_room_user', ['roomId', 'userId'], { unique: true })
export class Participant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room>;

  @Index('IDX_participants_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @CreateDateColumn()
  joinedAt: Date;

  @Column({ type: Date, nullable: true })
  leftAt: Date | null;

  @Column({ type: Date, nullable: true })
  bannedAt: Date | null;
}
