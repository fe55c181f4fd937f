import { MigrationInterface, QueryRunner } from 'typeorm';

export class Autoplay1795980852288 implements MigrationInterface {
  name = 'Autoplay1795980852288';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "room_playbacks" ("roomId" varchar PRIMARY KEY NOT NULL, "autoplay" boolean NOT NULL DEFAULT (0), "state" varchar(24) NOT NULL DEFAULT ('OFF'), "reason" varchar(32), "version" integer NOT NULL DEFAULT (0), "trackId" varchar, "progressMs" integer, "durationMs" integer, "observedAt" datetime, "commandAt" datetime, "deviceName" varchar(128), "driverId" varchar(64), "leaseUntil" datetime)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_room_playbacks_autoplay" ON "room_playbacks" ("autoplay") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_rooms_host"`);
    await queryRunner.query(`DROP INDEX "UQ_rooms_code"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_rooms" ("id" varchar PRIMARY KEY NOT NULL, "code" varchar(6) NOT NULL, "name" varchar(80) NOT NULL, "hostId" varchar NOT NULL, "likeThreshold" integer NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('OPEN'), "nowPlayingTrackId" varchar, "voteSeq" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "fallbackPlaylistUri" varchar(128), CONSTRAINT "FK_6c939085068c5539bad393be6b9" FOREIGN KEY ("hostId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_rooms"("id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt") SELECT "id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt" FROM "rooms"`,
    );
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`ALTER TABLE "temporary_rooms" RENAME TO "rooms"`);
    await queryRunner.query(`CREATE INDEX "IDX_rooms_host" ON "rooms" ("hostId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_code" ON "rooms" ("code") `);
    await queryRunner.query(`DROP INDEX "UQ_room_tracks_room_uri"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_room_tracks" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "uri" varchar(64) NOT NULL, "likes" integer NOT NULL DEFAULT (0), "dislikes" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('QUEUED'), "addedById" varchar, "addedAt" datetime NOT NULL DEFAULT (datetime('now')), "thresholdReachedAt" datetime, "playedAt" datetime, CONSTRAINT "FK_69a86eaf15a1e93034559670b21" FOREIGN KEY ("addedById") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_330bacbe6b4a58f26062aac9601" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_room_tracks"("id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt") SELECT "id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt" FROM "room_tracks"`,
    );
    await queryRunner.query(`DROP TABLE "room_tracks"`);
    await queryRunner.query(`ALTER TABLE "temporary_room_tracks" RENAME TO "room_tracks"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_room_tracks_room_uri" ON "room_tracks" ("roomId", "uri") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_room_playbacks_autoplay"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_room_playbacks" ("roomId" varchar PRIMARY KEY NOT NULL, "autoplay" boolean NOT NULL DEFAULT (0), "state" varchar(24) NOT NULL DEFAULT ('OFF'), "reason" varchar(32), "version" integer NOT NULL DEFAULT (0), "trackId" varchar, "progressMs" integer, "durationMs" integer, "observedAt" datetime, "commandAt" datetime, "deviceName" varchar(128), "driverId" varchar(64), "leaseUntil" datetime, CONSTRAINT "FK_c976ed8628df6873fcf60dc2c93" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_room_playbacks"("roomId", "autoplay", "state", "reason", "version", "trackId", "progressMs", "durationMs", "observedAt", "commandAt", "deviceName", "driverId", "leaseUntil") SELECT "roomId", "autoplay", "state", "reason", "version", "trackId", "progressMs", "durationMs", "observedAt", "commandAt", "deviceName", "driverId", "leaseUntil" FROM "room_playbacks"`,
    );
    await queryRunner.query(`DROP TABLE "room_playbacks"`);
    await queryRunner.query(`ALTER TABLE "temporary_room_playbacks" RENAME TO "room_playbacks"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_room_playbacks_autoplay" ON "room_playbacks" ("autoplay") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_room_playbacks_autoplay"`);
    await queryRunner.query(`ALTER TABLE "room_playbacks" RENAME TO "temporary_room_playbacks"`);
    await queryRunner.query(
      `CREATE TABLE "room_playbacks" ("roomId" varchar PRIMARY KEY NOT NULL, "autoplay" boolean NOT NULL DEFAULT (0), "state" varchar(24) NOT NULL DEFAULT ('OFF'), "reason" varchar(32), "version" integer NOT NULL DEFAULT (0), "trackId" varchar, "progressMs" integer, "durationMs" integer, "observedAt" datetime, "commandAt" datetime, "deviceName" varchar(128), "driverId" varchar(64), "leaseUntil" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "room_playbacks"("roomId", "autoplay", "state", "reason", "version", "trackId", "progressMs", "durationMs", "observedAt", "commandAt", "deviceName", "driverId", "leaseUntil") SELECT "roomId", "autoplay", "state", "reason", "version", "trackId", "progressMs", "durationMs", "observedAt", "commandAt", "deviceName", "driverId", "leaseUntil" FROM "temporary_room_playbacks"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_room_playbacks"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_room_playbacks_autoplay" ON "room_playbacks" ("autoplay") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_room_tracks_room_uri"`);
    await queryRunner.query(`ALTER TABLE "room_tracks" RENAME TO "temporary_room_tracks"`);
    await queryRunner.query(
      `CREATE TABLE "room_tracks" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "uri" varchar(64) NOT NULL, "likes" integer NOT NULL DEFAULT (0), "dislikes" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('QUEUED'), "addedById" varchar, "addedAt" datetime NOT NULL DEFAULT (datetime('now')), "thresholdReachedAt" datetime, CONSTRAINT "FK_69a86eaf15a1e93034559670b21" FOREIGN KEY ("addedById") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_330bacbe6b4a58f26062aac9601" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "room_tracks"("id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt") SELECT "id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt" FROM "temporary_room_tracks"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_room_tracks"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_room_tracks_room_uri" ON "room_tracks" ("roomId", "uri") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_rooms_code"`);
    await queryRunner.query(`DROP INDEX "IDX_rooms_host"`);
    await queryRunner.query(`ALTER TABLE "rooms" RENAME TO "temporary_rooms"`);
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" varchar PRIMARY KEY NOT NULL, "code" varchar(6) NOT NULL, "name" varchar(80) NOT NULL, "hostId" varchar NOT NULL, "likeThreshold" integer NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('OPEN'), "nowPlayingTrackId" varchar, "voteSeq" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_6c939085068c5539bad393be6b9" FOREIGN KEY ("hostId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "rooms"("id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt") SELECT "id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt" FROM "temporary_rooms"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_rooms"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_code" ON "rooms" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_rooms_host" ON "rooms" ("hostId") `);
    await queryRunner.query(`DROP INDEX "IDX_room_playbacks_autoplay"`);
    await queryRunner.query(`DROP TABLE "room_playbacks"`);
  }
}
