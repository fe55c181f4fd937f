import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Cached Spotify track metadata, so the product asks Spotify once per track. */
@Entity('spotify_tracks')
export class SpotifyTrack {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  uri: string;

  @Column({ type: 'varchar', length: 512 })
  name: string;

  @Column({ type: 'simple-json' })
  artists: string[];

  @Column({ type: 'varchar', length: 512, nullable: true })
  album: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ type: 'boolean', default: false })
  explicit: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  isrc: string | null;

  @UpdateDateColumn()
  fetchedAt: Date;
}
