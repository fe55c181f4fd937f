import { MigrationInterface, QueryRunner } from 'typeorm';

/** The rooms' event log, for subscribers that resume after a seq. */
export class RoomEvents1795981825155 implements MigrationInterface {
  name = 'RoomEvents1795981825155';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "room_events" ("roomId" uuid NOT NULL, "seq" integer NOT NULL, "payload" text NOT NULL, "createdAt" TIMESTAMP NOT NULL, CONSTRAINT "PK_7909b02274937e3d50be680a880" PRIMARY KEY ("roomId", "seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_room_events_created_at" ON "room_events" ("createdAt") `,
    );
    await queryRunner.query(
      `ALTER TABLE "room_events" ADD CONSTRAINT "FK_6f398ea77f180f3e75f67e34f04" FOREIGN KEY ("roomId") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "room_events" DROP CONSTRAINT "FK_6f398ea77f180f3e75f67e34f04"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_room_events_created_at"`);
    await queryRunner.query(`DROP TABLE "room_events"`);
  }
}
