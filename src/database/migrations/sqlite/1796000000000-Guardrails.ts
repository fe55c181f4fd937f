import { MigrationInterface, QueryRunner } from 'typeorm';

const TRACK_COLUMNS = `"uri", "name", "artists", "album", "imageUrl", "durationMs", "explicit", "isrc", "fetchedAt"`;

/**
 * Issue 26: the host's guardrails (explicit tracks, track length, tracks per artist), and what the
 * track cache keeps to judge them: the artists' ids, and an explicit flag that may be unknown.
 */
export class Guardrails1796000000000 implements MigrationInterface {
  name = 'Guardrails1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "rooms" ADD "explicitAllowed" boolean NOT NULL DEFAULT (1)`,
    );
    await queryRunner.query(`ALTER TABLE "rooms" ADD "maxTrackSeconds" integer`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "maxPerArtist" integer`);
    // SQLite cannot drop a NOT NULL: the cache's table is built again (nothing refers to it).
    await queryRunner.query(
      `CREATE TABLE "temporary_spotify_tracks" ("uri" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(512) NOT NULL, "artists" text NOT NULL, "album" varchar(512), "imageUrl" varchar(1024), "durationMs" integer, "explicit" boolean, "isrc" varchar(32), "fetchedAt" datetime NOT NULL DEFAULT (datetime('now')), "artistIds" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_spotify_tracks"(${TRACK_COLUMNS}) SELECT ${TRACK_COLUMNS} FROM "spotify_tracks"`,
    );
    await queryRunner.query(`DROP TABLE "spotify_tracks"`);
    await queryRunner.query(`ALTER TABLE "temporary_spotify_tracks" RENAME TO "spotify_tracks"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "temporary_spotify_tracks" ("uri" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(512) NOT NULL, "artists" text NOT NULL, "album" varchar(512), "imageUrl" varchar(1024), "durationMs" integer, "explicit" boolean NOT NULL DEFAULT (0), "isrc" varchar(32), "fetchedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_spotify_tracks"(${TRACK_COLUMNS}) SELECT "uri", "name", "artists", "album", "imageUrl", "durationMs", COALESCE("explicit", 0), "isrc", "fetchedAt" FROM "spotify_tracks"`,
    );
    await queryRunner.query(`DROP TABLE "spotify_tracks"`);
    await queryRunner.query(`ALTER TABLE "temporary_spotify_tracks" RENAME TO "spotify_tracks"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "maxPerArtist"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "maxTrackSeconds"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "explicitAllowed"`);
  }
}
