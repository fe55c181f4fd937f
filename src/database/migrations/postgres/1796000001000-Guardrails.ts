import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 26: the host's guardrails (explicit tracks, track length, tracks per artist), and what the
 * track cache keeps to judge them: the artists' ids, and an explicit flag that may be unknown.
 */
export class Guardrails1796000001000 implements MigrationInterface {
  name = 'Guardrails1796000001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "rooms" ADD "explicitAllowed" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`ALTER TABLE "rooms" ADD "maxTrackSeconds" integer`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "maxPerArtist" integer`);
    await queryRunner.query(`ALTER TABLE "spotify_tracks" ADD "artistIds" text`);
    await queryRunner.query(`ALTER TABLE "spotify_tracks" ALTER COLUMN "explicit" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "spotify_tracks" ALTER COLUMN "explicit" DROP DEFAULT`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "spotify_tracks" SET "explicit" = false WHERE "explicit" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "spotify_tracks" ALTER COLUMN "explicit" SET DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "spotify_tracks" ALTER COLUMN "explicit" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "spotify_tracks" DROP COLUMN "artistIds"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "maxPerArtist"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "maxTrackSeconds"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "explicitAllowed"`);
  }
}
