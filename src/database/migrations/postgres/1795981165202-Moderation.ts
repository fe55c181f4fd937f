import { MigrationInterface, QueryRunner } from 'typeorm';

export class Moderation1795981165202 implements MigrationInterface {
  name = 'Moderation1795981165202';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "moderation_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roomId" uuid NOT NULL, "actorId" uuid NOT NULL, "action" character varying(32) NOT NULL, "targetUserId" uuid, "targetTrackUri" character varying(64), "role" character varying(16), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_d259906fb4d2a5ef718f1f66e35" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_moderation_actions_room_created" ON "moderation_actions" ("roomId", "createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "revokedAt" TIMESTAMP`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "locked" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "participants" ADD "bannedAt" TIMESTAMP`);
    await queryRunner.query(
      `ALTER TABLE "moderation_actions" ADD CONSTRAINT "FK_3bbdf2338c084b1ba25800c78ab" FOREIGN KEY ("roomId") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_actions" ADD CONSTRAINT "FK_5fb4cfbb8565d63586a20bf0f4f" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_actions" ADD CONSTRAINT "FK_f46539b43bfc69461cc77d7f97c" FOREIGN KEY ("targetUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "moderation_actions" DROP CONSTRAINT "FK_f46539b43bfc69461cc77d7f97c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_actions" DROP CONSTRAINT "FK_5fb4cfbb8565d63586a20bf0f4f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "moderation_actions" DROP CONSTRAINT "FK_3bbdf2338c084b1ba25800c78ab"`,
    );
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "bannedAt"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "locked"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "revokedAt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_moderation_actions_room_created"`);
    await queryRunner.query(`DROP TABLE "moderation_actions"`);
  }
}
