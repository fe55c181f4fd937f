import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795598859248 implements MigrationInterface {
  name = 'Init1795598859248';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oauth_states" ("stateHash" character varying(64) NOT NULL, "browserHash" character varying(64) NOT NULL, "codeVerifierEnc" text NOT NULL, "redirect" character varying(2048), "expiresAt" TIMESTAMP NOT NULL, "usedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ecbb987b8ec2ae8adc4b1e33a97" PRIMARY KEY ("stateHash"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "spotifyId" character varying(128), "isGuest" boolean NOT NULL DEFAULT false, "displayName" character varying(100) NOT NULL, "avatarUrl" character varying(1024), "email" character varying(320), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_spotify_id" ON "users" ("spotifyId") `);
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(6) NOT NULL, "name" character varying(80) NOT NULL, "hostId" uuid NOT NULL, "likeThreshold" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'OPEN', "nowPlayingTrackId" uuid, "voteSeq" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_0368a2d7c215f2d0458a54933f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_code" ON "rooms" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_rooms_host" ON "rooms" ("hostId") `);
    await queryRunner.query(
      `CREATE TABLE "participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roomId" uuid NOT NULL, "userId" uuid NOT NULL, "role" character varying(16) NOT NULL, "joinedAt" TIMESTAMP NOT NULL DEFAULT now(), "leftAt" TIMESTAMP, CONSTRAINT "PK_1cda06c31eec1c95b3365a0283f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_participants_user" ON "participants" ("userId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_participants_room_user" ON "participants" ("roomId", "userId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "spotify_credentials" ("userId" uuid NOT NULL, "accessTokenEnc" text NOT NULL, "refreshTokenEnc" text NOT NULL, "expiresAt" TIMESTAMP NOT NULL, "scope" character varying(1024) NOT NULL DEFAULT '', "reauthRequired" boolean NOT NULL DEFAULT false, "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_c3d41021d2794763787bd02ce4f" PRIMARY KEY ("userId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "spotify_tracks" ("uri" character varying(64) NOT NULL, "name" character varying(512) NOT NULL, "artists" text NOT NULL, "album" character varying(512), "imageUrl" character varying(1024), "durationMs" integer, "explicit" boolean NOT NULL DEFAULT false, "isrc" character varying(32), "fetchedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_9fb49cf5e30d9bb446d4b4c8527" PRIMARY KEY ("uri"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "room_tracks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roomId" uuid NOT NULL, "uri" character varying(64) NOT NULL, "likes" integer NOT NULL DEFAULT '0', "dislikes" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'QUEUED', "addedById" uuid, "addedAt" TIMESTAMP NOT NULL DEFAULT now(), "thresholdReachedAt" TIMESTAMP, CONSTRAINT "PK_64413a61c30880f3dbc5a6245a9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_room_tracks_room_uri" ON "room_tracks" ("roomId", "uri") `,
    );
    await queryRunner.query(
      `CREATE TABLE "votes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "roomTrackId" uuid NOT NULL, "userId" uuid NOT NULL, "isLike" boolean NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_f3d9fd4a0af865152c3f59db8ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_votes_user" ON "votes" ("userId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_votes_track_user" ON "votes" ("roomTrackId", "userId") `,
    );
    await queryRunner.query(
      `ALTER TABLE "rooms" ADD CONSTRAINT "FK_6c939085068c5539bad393be6b9" FOREIGN KEY ("hostId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "participants" ADD CONSTRAINT "FK_f815beb05a2999cd74abf16948a" FOREIGN KEY ("roomId") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "participants" ADD CONSTRAINT "FK_5fc9cddc801b973cd9edcdda42a" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "spotify_credentials" ADD CONSTRAINT "FK_c3d41021d2794763787bd02ce4f" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_tracks" ADD CONSTRAINT "FK_330bacbe6b4a58f26062aac9601" FOREIGN KEY ("roomId") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_tracks" ADD CONSTRAINT "FK_69a86eaf15a1e93034559670b21" FOREIGN KEY ("addedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "votes" ADD CONSTRAINT "FK_553462b3b1e00b2cc19a6567092" FOREIGN KEY ("roomTrackId") REFERENCES "room_tracks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "votes" ADD CONSTRAINT "FK_5169384e31d0989699a318f3ca4" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "votes" DROP CONSTRAINT "FK_5169384e31d0989699a318f3ca4"`);
    await queryRunner.query(`ALTER TABLE "votes" DROP CONSTRAINT "FK_553462b3b1e00b2cc19a6567092"`);
    await queryRunner.query(
      `ALTER TABLE "room_tracks" DROP CONSTRAINT "FK_69a86eaf15a1e93034559670b21"`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_tracks" DROP CONSTRAINT "FK_330bacbe6b4a58f26062aac9601"`,
    );
    await queryRunner.query(
      `ALTER TABLE "spotify_credentials" DROP CONSTRAINT "FK_c3d41021d2794763787bd02ce4f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "participants" DROP CONSTRAINT "FK_5fc9cddc801b973cd9edcdda42a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "participants" DROP CONSTRAINT "FK_f815beb05a2999cd74abf16948a"`,
    );
    await queryRunner.query(`ALTER TABLE "rooms" DROP CONSTRAINT "FK_6c939085068c5539bad393be6b9"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_votes_track_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_votes_user"`);
    await queryRunner.query(`DROP TABLE "votes"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_room_tracks_room_uri"`);
    await queryRunner.query(`DROP TABLE "room_tracks"`);
    await queryRunner.query(`DROP TABLE "spotify_tracks"`);
    await queryRunner.query(`DROP TABLE "spotify_credentials"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_participants_room_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_participants_user"`);
    await queryRunner.query(`DROP TABLE "participants"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rooms_host"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_rooms_code"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_spotify_id"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "oauth_states"`);
  }
}
