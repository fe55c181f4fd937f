import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A pending Spotify login. Lives in the database, not in process memory, so that a login begun on
 * one instance can finish on another. Only hashes of the state and of the browser nonce are kept.
 */
@Entity('oauth_states')
export class OAuthState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 64 })
  browserHash: string;

  @Column({ type: 'text' })
  codeVerifierEnc: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  redirect: string | null;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  usedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
