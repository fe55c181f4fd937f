import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13: the like threshold likeShare gives, kept in the room's row for votes to read. */
export class CrowdThreshold1795995001000 implements MigrationInterface {
  name = 'CrowdThreshold1795995001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rooms" ADD "crowdLikeThreshold" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "crowdLikeThreshold"`);
  }
}
