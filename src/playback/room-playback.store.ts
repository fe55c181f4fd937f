import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, Repository } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner.js';
import { PlaybackState } from './playback-state.enum.js';
import { RoomPlayback } from './room-playback.entity.js';

/** The columns a transition may change (everything but the key and the lease). */
export type PlaybackPatch = Partial<
  Pick<
    RoomPlayback,
    | 'autoplay'
    | 'state'
    | 'reason'
    | 'trackId'
    | 'progressMs'
    | 'durationMs'
    | 'observedAt'
    | 'commandAt'
    | 'deviceName'
    | 'fallbackPickId'
    | 'fallbackPickUri'
    | 'fallbackPickFrom'
    | 'driverId'
    | 'leaseUntil'
  >
>;

/** A room's playback row as it is when none was written yet. */
export function defaultPlayback(roomId: string): RoomPlayback {
  return Object.assign(new RoomPlayback(), {
    roomId,
    autoplay: false,
    state: PlaybackState.OFF,
    reason: null,
    version: 0,
    trackId: null,
    progressMs: null,
    durationMs: null,
    observedAt: null,
    commandAt: null,
    deviceName: null,
    fallbackPickId: null,
    fallbackPickUri: null,
    fallbackPickFrom: null,
    driverId: null,
    leaseUntil: null,
  });
}

/**
 * The room_playbacks rows: compare-and-set writes on `version`, and the driver leases. Every write
 * that changes what the room plays names the version it read, so of two writers that read the same
 * version (two instances, or a skip racing the end of a track) exactly one wins.
 */
@Injectable()
export class RoomPlaybackStore {
  constructor(
    @InjectRepository(RoomPlayback) private readonly rows: Repository<RoomPlayback>,
    private readonly transactions: TransactionRunner,
  ) {}

  async get(roomId: string): Promise<RoomPlayback> {
    return (await this.rows.findOneBy({ roomId })) ?? defaultPlayback(roomId);
  }

  async ensure(roomId: string, manager?: EntityManager): Promise<void> {
    const builder = manager
      ? manager.createQueryBuilder().insert().into(RoomPlayback)
      : this.rows.createQueryBuilder().insert();
    await builder.values({ roomId }).orIgnore().execute();
  }

  /**
   * Applies `patch` if the row is still at `version`; `bump` makes it a transition (the version
   * moves on), without it a mere observation (progress) that loses to any transition.
   */
  async compareAndSet(
    roomId: string,
    version: number,
    patch: PlaybackPatch,
    { bump = true, manager }: { bump?: boolean; manager?: EntityManager } = {},
  ): Promise<boolean> {
    const builder = manager
      ? manager.createQueryBuilder().update(RoomPlayback)
      : this.rows.createQueryBuilder().update();
    const result = await builder
      .set({ ...patch, ...(bump ? { version: () => '"version" + 1' } : {}) })
      .where('"roomId" = :roomId AND "version" = :version', { roomId, version })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Runs `work` in a transaction (transitions also write room_tracks and rooms). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.run(work);
  }

  /** Takes or renews the room's lease for `driverId`; false while another instance holds it. */
  async acquire(roomId: string, driverId: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ driverId, leaseUntil: new Date(now.getTime() + leaseMs) })
      .where('"roomId" = :roomId AND "autoplay" = :on', { roomId, on: true })
      .andWhere(
        new Brackets((or) =>
          or
            .where('"driverId" IS NULL')
            .orWhere('"driverId" = :driverId', { driverId })
            .orWhere('"leaseUntil" < :now', { now: now }),
        ),
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Renews every lease `driverId` holds; returns the rooms it still drives. */
  async renew(driverId: string, leaseMs: number): Promise<string[]> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ leaseUntil: new Date(Date.now() + leaseMs) })
      .where('"driverId" = :driverId AND "autoplay" = :on', { driverId, on: true })
      .execute();
    const held = await this.rows.find({
      select: { roomId: true },
      where: { driverId, autoplay: true },
    });
    return held.map((row) => row.roomId);
  }

  /** Rooms with autoplay on that nobody drives (never taken, released, or the lease ran out). */
  async orphans(limit = 50): Promise<string[]> {
    const rows = await this.rows
      .createQueryBuilder('p')
      .select('p.roomId', 'roomId')
      .where('p.autoplay = :on', { on: true })
      .andWhere(
        new Brackets((or) =>
          or.where('p.driverId IS NULL').orWhere('p.leaseUntil < :now', { now: new Date() }),
        ),
      )
      .limit(limit)
      .getRawMany<{ roomId: string }>();
    return rows.map((row) => row.roomId);
  }

  /** Gives the rooms up (a clean shutdown), so another instance takes them at once. */
  async release(driverId: string, roomIds?: string[]): Promise<void> {
    const query = this.rows
      .createQueryBuilder()
      .update()
      .set({ driverId: null, leaseUntil: null })
      .where('"driverId" = :driverId', { driverId });
    if (roomIds) {
      if (roomIds.length === 0) return;
      query.andWhere('"roomId" IN (:...roomIds)', { roomIds });
    }
    await query.execute();
  }
}
