import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Room } from '../rooms/room.entity.js';

/**
 * A room's update as it was published, kept so a subscriber that missed it can replay it
 * (`voteUpdated(afterSeq:)`). Written in the transaction of the change it describes; pruned by age.
 */
@Entity('room_events')
export class RoomEvent {
  @PrimaryColumn({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room>;

  /** The room's sequence number of this update: replays read `seq > afterSeq` in order. */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  /** The published event, as JSON. */
  @Column({ type: 'text' })
  payload: string;

  @Index('IDX_room_events_created_at')
  @Column({ type: Date })
  createdAt: Date;
}
