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

  /**
   * Spotify's ids of the track's artists: the artist limit counts by id, never by name.
   * Null in rows cached before they were kept: such a row is fetched again before it is judged.
   */
  @Column({ type: 'simple-json', nullable: true })
  artistIds: string[] | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  album: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  /** Null when Spotify did not say. */
  @Column({ type: 'boolean', nullable: true })
  explicit: boolean | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  isrc: string | null;

  @UpdateDateColumn()
  fetchedAt: Date;
}
