import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795598857845 implements MigrationInterface {
  name = 'Init1795598857845';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oauth_states" ("stateHash" varchar(64) PRIMARY KEY NOT NULL, "browserHash" varchar(64) NOT NULL, "codeVerifierEnc" text NOT NULL, "redirect" varchar(2048), "expiresAt" datetime NOT NULL, "usedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" varchar PRIMARY KEY NOT NULL, "spotifyId" varchar(128), "isGuest" boolean NOT NULL DEFAULT (0), "displayName" varchar(100) NOT NULL, "avatarUrl" varchar(1024), "email" varchar(320), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_spotify_id" ON "users" ("spotifyId") `);
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" varchar PRIMARY KEY NOT NULL, "code" varchar(6) NOT NULL, "name" varchar(80) NOT NULL, "hostId" varchar NOT NULL, "likeThreshold" integer NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('OPEN'), "nowPlayingTrackId" varchar, "voteSeq" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_code" ON "rooms" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_rooms_host" ON "rooms" ("hostId") `);
    await queryRunner.query(
      `CREATE TABLE "participants" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "userId" varchar NOT NULL, "role" varchar(16) NOT NULL, "joinedAt" datetime NOT NULL DEFAULT (datetime('now')), "leftAt" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_participants_user" ON "participants" ("userId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_participants_room_user" ON "participants" ("roomId", "userId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "spotify_credentials" ("userId" varchar PRIMARY KEY NOT NULL, "accessTokenEnc" text NOT NULL, "refreshTokenEnc" text NOT NULL, "expiresAt" datetime NOT NULL, "scope" varchar(1024) NOT NULL DEFAULT (''), "reauthRequired" boolean NOT NULL DEFAULT (0), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "spotify_tracks" ("uri" varchar(64) PRIMARY KEY NOT NULL, "name" varchar(512) NOT NULL, "artists" text NOT NULL, "album" varchar(512), "imageUrl" varchar(1024), "durationMs" integer, "explicit" boolean NOT NULL DEFAULT (0), "isrc" varchar(32), "fetchedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "room_tracks" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "uri" varchar(64) NOT NULL, "likes" integer NOT NULL DEFAULT (0), "dislikes" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('QUEUED'), "addedById" varchar, "addedAt" datetime NOT NULL DEFAULT (datetime('now')), "thresholdReachedAt" datetime)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_room_tracks_room_uri" ON "room_tracks" ("roomId", "uri") `,
    );
    await queryRunner.query(
      `CREATE TABLE "votes" ("id" varchar PRIMARY KEY NOT NULL, "roomTrackId" varchar NOT NULL, "userId" varchar NOT NULL, "isLike" boolean NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_votes_user" ON "votes" ("userId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_votes_track_user" ON "votes" ("roomTrackId", "userId") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_rooms_code"`);
    await queryRunner.query(`DROP INDEX "IDX_rooms_host"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_rooms" ("id" varchar PRIMARY KEY NOT NULL, "code" varchar(6) NOT NULL, "name" varchar(80) NOT NULL, "hostId" varchar NOT NULL, "likeThreshold" integer NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('OPEN'), "nowPlayingTrackId" varchar, "voteSeq" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_6c939085068c5539bad393be6b9" FOREIGN KEY ("hostId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_rooms"("id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt") SELECT "id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt" FROM "rooms"`,
    );
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`ALTER TABLE "temporary_rooms" RENAME TO "rooms"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_code" ON "rooms" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_rooms_host" ON "rooms" ("hostId") `);
    await queryRunner.query(`DROP INDEX "IDX_participants_user"`);
    await queryRunner.query(`DROP INDEX "UQ_participants_room_user"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_participants" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "userId" varchar NOT NULL, "role" varchar(16) NOT NULL, "joinedAt" datetime NOT NULL DEFAULT (datetime('now')), "leftAt" datetime, CONSTRAINT "FK_f815beb05a2999cd74abf16948a" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_5fc9cddc801b973cd9edcdda42a" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_participants"("id", "roomId", "userId", "role", "joinedAt", "leftAt") SELECT "id", "roomId", "userId", "role", "joinedAt", "leftAt" FROM "participants"`,
    );
    await queryRunner.query(`DROP TABLE "participants"`);
    await queryRunner.query(`ALTER TABLE "temporary_participants" RENAME TO "participants"`);
    await queryRunner.query(`CREATE INDEX "IDX_participants_user" ON "participants" ("userId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_participants_room_user" ON "participants" ("roomId", "userId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_spotify_credentials" ("userId" varchar PRIMARY KEY NOT NULL, "accessTokenEnc" text NOT NULL, "refreshTokenEnc" text NOT NULL, "expiresAt" datetime NOT NULL, "scope" varchar(1024) NOT NULL DEFAULT (''), "reauthRequired" boolean NOT NULL DEFAULT (0), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_c3d41021d2794763787bd02ce4f" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_spotify_credentials"("userId", "accessTokenEnc", "refreshTokenEnc", "expiresAt", "scope", "reauthRequired", "updatedAt") SELECT "userId", "accessTokenEnc", "refreshTokenEnc", "expiresAt", "scope", "reauthRequired", "updatedAt" FROM "spotify_credentials"`,
    );
    await queryRunner.query(`DROP TABLE "spotify_credentials"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_spotify_credentials" RENAME TO "spotify_credentials"`,
    );
    await queryRunner.query(`DROP INDEX "UQ_room_tracks_room_uri"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_room_tracks" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "uri" varchar(64) NOT NULL, "likes" integer NOT NULL DEFAULT (0), "dislikes" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('QUEUED'), "addedById" varchar, "addedAt" datetime NOT NULL DEFAULT (datetime('now')), "thresholdReachedAt" datetime, CONSTRAINT "FK_330bacbe6b4a58f26062aac9601" FOREIGN KEY ("roomId") REFERENCES "rooms" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_69a86eaf15a1e93034559670b21" FOREIGN KEY ("addedById") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_room_tracks"("id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt") SELECT "id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt" FROM "room_tracks"`,
    );
    await queryRunner.query(`DROP TABLE "room_tracks"`);
    await queryRunner.query(`ALTER TABLE "temporary_room_tracks" RENAME TO "room_tracks"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_room_tracks_room_uri" ON "room_tracks" ("roomId", "uri") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_votes_user"`);
    await queryRunner.query(`DROP INDEX "UQ_votes_track_user"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_votes" ("id" varchar PRIMARY KEY NOT NULL, "roomTrackId" varchar NOT NULL, "userId" varchar NOT NULL, "isLike" boolean NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_553462b3b1e00b2cc19a6567092" FOREIGN KEY ("roomTrackId") REFERENCES "room_tracks" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_5169384e31d0989699a318f3ca4" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_votes"("id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt") SELECT "id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt" FROM "votes"`,
    );
    await queryRunner.query(`DROP TABLE "votes"`);
    await queryRunner.query(`ALTER TABLE "temporary_votes" RENAME TO "votes"`);
    await queryRunner.query(`CREATE INDEX "IDX_votes_user" ON "votes" ("userId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_votes_track_user" ON "votes" ("roomTrackId", "userId") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_votes_track_user"`);
    await queryRunner.query(`DROP INDEX "IDX_votes_user"`);
    await queryRunner.query(`ALTER TABLE "votes" RENAME TO "temporary_votes"`);
    await queryRunner.query(
      `CREATE TABLE "votes" ("id" varchar PRIMARY KEY NOT NULL, "roomTrackId" varchar NOT NULL, "userId" varchar NOT NULL, "isLike" boolean NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "votes"("id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt") SELECT "id", "roomTrackId", "userId", "isLike", "createdAt", "updatedAt" FROM "temporary_votes"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_votes"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_votes_track_user" ON "votes" ("roomTrackId", "userId") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_votes_user" ON "votes" ("userId") `);
    await queryRunner.query(`DROP INDEX "UQ_room_tracks_room_uri"`);
    await queryRunner.query(`ALTER TABLE "room_tracks" RENAME TO "temporary_room_tracks"`);
    await queryRunner.query(
      `CREATE TABLE "room_tracks" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "uri" varchar(64) NOT NULL, "likes" integer NOT NULL DEFAULT (0), "dislikes" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL DEFAULT ('QUEUED'), "addedById" varchar, "addedAt" datetime NOT NULL DEFAULT (datetime('now')), "thresholdReachedAt" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "room_tracks"("id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt") SELECT "id", "roomId", "uri", "likes", "dislikes", "status", "addedById", "addedAt", "thresholdReachedAt" FROM "temporary_room_tracks"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_room_tracks"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_room_tracks_room_uri" ON "room_tracks" ("roomId", "uri") `,
    );
    await queryRunner.query(
      `ALTER TABLE "spotify_credentials" RENAME TO "temporary_spotify_credentials"`,
    );
    await queryRunner.query(
      `CREATE TABLE "spotify_credentials" ("userId" varchar PRIMARY KEY NOT NULL, "accessTokenEnc" text NOT NULL, "refreshTokenEnc" text NOT NULL, "expiresAt" datetime NOT NULL, "scope" varchar(1024) NOT NULL DEFAULT (''), "reauthRequired" boolean NOT NULL DEFAULT (0), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "spotify_credentials"("userId", "accessTokenEnc", "refreshTokenEnc", "expiresAt", "scope", "reauthRequired", "updatedAt") SELECT "userId", "accessTokenEnc", "refreshTokenEnc", "expiresAt", "scope", "reauthRequired", "updatedAt" FROM "temporary_spotify_credentials"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_spotify_credentials"`);
    await queryRunner.query(`DROP INDEX "UQ_participants_room_user"`);
    await queryRunner.query(`DROP INDEX "IDX_participants_user"`);
    await queryRunner.query(`ALTER TABLE "participants" RENAME TO "temporary_participants"`);
    await queryRunner.query(
      `CREATE TABLE "participants" ("id" varchar PRIMARY KEY NOT NULL, "roomId" varchar NOT NULL, "userId" varchar NOT NULL, "role" varchar(16) NOT NULL, "joinedAt" datetime NOT NULL DEFAULT (datetime('now')), "leftAt" datetime)`,
    );
    await queryRunner.query(
      `INSERT INTO "participants"("id", "roomId", "userId", "role", "joinedAt", "leftAt") SELECT "id", "roomId", "userId", "role", "joinedAt", "leftAt" FROM "temporary_participants"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_participants"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_participants_room_user" ON "participants" ("roomId", "userId") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_participants_user" ON "participants" ("userId") `);
    await queryRunner.query(`DROP INDEX "IDX_rooms_host"`);
    await queryRunner.query(`DROP INDEX "UQ_rooms_code"`);
    await queryRunner.query(`ALTER TABLE "rooms" RENAME TO "temporary_rooms"`);
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" varchar PRIMARY KEY NOT NULL, "code" varchar(6) NOT NULL, "name" varchar(80) NOT NULL, "hostId" varchar NOT NULL, "likeThreshold" integer NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('OPEN'), "nowPlayingTrackId" varchar, "voteSeq" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "rooms"("id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt") SELECT "id", "code", "name", "hostId", "likeThreshold", "status", "nowPlayingTrackId", "voteSeq", "createdAt", "updatedAt" FROM "temporary_rooms"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_rooms"`);
    await queryRunner.query(`CREATE INDEX "IDX_rooms_host" ON "rooms" ("hostId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_code" ON "rooms" ("code") `);
    await queryRunner.query(`DROP INDEX "UQ_votes_track_user"`);
    await queryRunner.query(`DROP INDEX "IDX_votes_user"`);
    await queryRunner.query(`DROP TABLE "votes"`);
    await queryRunner.query(`DROP INDEX "UQ_room_tracks_room_uri"`);
    await queryRunner.query(`DROP TABLE "room_tracks"`);
    await queryRunner.query(`DROP TABLE "spotify_tracks"`);
    await queryRunner.query(`DROP TABLE "spotify_credentials"`);
    await queryRunner.query(`DROP INDEX "UQ_participants_room_user"`);
    await queryRunner.query(`DROP INDEX "IDX_participants_user"`);
    await queryRunner.query(`DROP TABLE "participants"`);
    await queryRunner.query(`DROP INDEX "IDX_rooms_host"`);
    await queryRunner.query(`DROP INDEX "UQ_rooms_code"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`DROP INDEX "UQ_users_spotify_id"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "oauth_states"`);
  }
}
