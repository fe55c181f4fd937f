import {
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';

/** A user's Spotify tokens, encrypted at rest (AES-256-GCM). Never exposed through GraphQL. */
@Entity('spotify_credentials')
export class SpotifyCredential {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  accessTokenEnc: string;

  @Column({ type: 'text' })
  refreshTokenEnc: string;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: 'varchar', length: 1024, default: '' })
  scope: string;

  /** Set when Spotify answered invalid_grant on refresh: the user must log in again. */
  @Column({ type: 'boolean', default: false })
  reauthRequired: boolean;

  @UpdateDateColumn()
  updatedAt: Date;
}
