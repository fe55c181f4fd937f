import type { EntityManager } from 'typeorm';
import type { RawSql } from '../database/raw-sql.js';
import { RoomStatus } from './room-status.enum.js';
import { Room } from './room.entity.js';

/**
 * Inside the caller's transaction: takes the room's row lock and reads the row, if the room is
 * open (null once it closed). Every writer of a room's votes and tracks takes it first, so on
 * PostgreSQL they are ordered by it and never wait on each other in a cycle; SQLite runs one
 * transaction at a time anyway. The statement is sent at once, so a caller may send another
 * behind it before awaiting this one (a vote's batch reads its tracks that way).
 */
export async function lockOpenRoom(
  raw: RawSql,
  manager: EntityManager,
  roomId: string,
): Promise<Room | null> {
  const [row] = await raw.rows(
    manager,
    'UPDATE "rooms" SET "voteSeq" = "voteSeq" WHERE "id" = ? AND "status" = ? RETURNING *',
    [roomId, RoomStatus.OPEN],
  );
  return row ? raw.hydrate(manager, Room, row) : null;
}
