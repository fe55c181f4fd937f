import { MigrationInterface, QueryRunner } from 'typeorm';

/** The rooms' event log, for subscribers that resume after a seq. */
export class RoomEvents1795981737750 implements MigrationInterface {
  name = 'RoomEvents1795981737750';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "room_events" ("roomId" varchar NOT NULL, "seq" integer NOT NULL, "payload" text NOT NULL, "createdAt" datetime NOT NULL, CONSTRAINT "FK_6f398ea77f180f3e75f67e34f04" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("roomId", "seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_room_events_created_at" ON "room_events" ("createdAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_room_events_created_at"`);
    await queryRunner.query(`DROP TABLE "room_events"`);
  }
}
