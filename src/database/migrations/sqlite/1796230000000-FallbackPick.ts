import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 23: the fallback pick chosen ahead (Playback.next), kept with the room's playback. */
export class FallbackPick1796230000000 implements MigrationInterface {
  name = 'FallbackPick1796230000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "room_playbacks" ADD "fallbackPickId" varchar`);
    await queryRunner.query(`ALTER TABLE "room_playbacks" ADD "fallbackPickUri" varchar(64)`);
    await queryRunner.query(`ALTER TABLE "room_playbacks" ADD "fallbackPickFrom" varchar(128)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "room_playbacks" DROP COLUMN "fallbackPickFrom"`);
    await queryRunner.query(`ALTER TABLE "room_playbacks" DROP COLUMN "fallbackPickUri"`);
    await queryRunner.query(`ALTER TABLE "room_playbacks" DROP COLUMN "fallbackPickId"`);
  }
}
