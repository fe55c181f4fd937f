import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A person: a Spotify-linked account or a guest. Holds e-mail, so it never reaches GraphQL as is. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_users_spotify_id', { unique: true })
  @Column({ type: 'varchar', length: 128, nullable: true })
  spotifyId: string | null;

  @Column({ type: 'boolean', default: false })
  isGuest: boolean;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  avatarUrl: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** Set when a guest is banned from its room: every session of the guest stops working. */
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
