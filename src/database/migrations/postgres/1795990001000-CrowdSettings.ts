import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13: the crowd's settings (vote-to-skip, a like threshold that follows the crowd, fair share). */
export class CrowdSettings1795990001000 implements MigrationInterface {
  name = 'CrowdSettings1795990001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rooms" ADD "skipThreshold" integer`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "likeShare" double precision`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "maxQueuedPerParticipant" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "maxQueuedPerParticipant"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "likeShare"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "skipThreshold"`);
  }
}
