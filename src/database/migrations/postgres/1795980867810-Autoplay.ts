import { MigrationInterface, QueryRunner } from 'typeorm';

export class Autoplay1795980867810 implements MigrationInterface {
  name = 'Autoplay1795980867810';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "room_playbacks" ("roomId" uuid NOT NULL, "autoplay" boolean NOT NULL DEFAULT false, "state" character varying(24) NOT NULL DEFAULT 'OFF', "reason" character varying(32), "version" integer NOT NULL DEFAULT '0', "trackId" uuid, "progressMs" integer, "durationMs" integer, "observedAt" TIMESTAMP, "commandAt" TIMESTAMP, "deviceName" character varying(128), "driverId" character varying(64), "leaseUntil" TIMESTAMP, CONSTRAINT "PK_c976ed8628df6873fcf60dc2c93" PRIMARY KEY ("roomId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_room_playbacks_autoplay" ON "room_playbacks" ("autoplay") `,
    );
    await queryRunner.query(`ALTER TABLE "rooms" ADD "fallbackPlaylistUri" character varying(128)`);
    await queryRunner.query(`ALTER TABLE "room_tracks" ADD "playedAt" TIMESTAMP`);
    await queryRunner.query(
      `ALTER TABLE "room_playbacks" ADD CONSTRAINT "FK_c976ed8628df6873fcf60dc2c93" FOREIGN KEY ("roomId") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "room_playbacks" DROP CONSTRAINT "FK_c976ed8628df6873fcf60dc2c93"`,
    );
    await queryRunner.query(`ALTER TABLE "room_tracks" DROP COLUMN "playedAt"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "fallbackPlaylistUri"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_room_playbacks_autoplay"`);
    await queryRunner.query(`DROP TABLE "room_playbacks"`);
  }
}
