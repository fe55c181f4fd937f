import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-hosts, bans, the room lock and the audit trail. Written by hand rather than generated: the
 * generator rebuilds every changed table, and its `down` renames tables that others reference,
 * which SQLite follows by rewriting their foreign keys. ADD/DROP COLUMN touch nothing else.
 */
export class Moderation1795981146361 implements MigrationInterface {
  name = 'Moderation1795981146361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "moderation_actions" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "actorId" varchar NOT NULL, "action" varchar(32) NOT NULL, "targetUserId" varchar, "targetTrackUri" varchar(64), "role" varchar(16), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_3bbdf2338c084b1ba25800c78ab" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_5fb4cfbb8565d63586a20bf0f4f" FOREIGN KEY ("actorId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_f46539b43bfc69461cc77d7f97c" FOREIGN KEY ("targetUserId") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_moderation_actions_room_created" ON "moderation_actions" ("roomId", "createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "revokedAt" datetime`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD COLUMN "locked" boolean NOT NULL DEFAULT (0)`);
    await queryRunner.query(`ALTER TABLE "participants" ADD COLUMN "bannedAt" datetime`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "bannedAt"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "locked"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "revokedAt"`);
    await queryRunner.query(`DROP INDEX "IDX_moderation_actions_room_created"`);
    await queryRunner.query(`DROP TABLE "moderation_actions"`);
  }
}
