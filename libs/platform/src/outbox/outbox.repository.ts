import type { Db } from '../db/database';

export interface PendingOutboxEvent {
  id: bigint;
  channel: string;
  payload: unknown;
  headers: Record<string, string>;
}

/** The `platform.outbox` table: written with the state change, drained by the relay. */
export class OutboxRepository {
  /** Locks the oldest unpublished events; rows another relay holds are skipped, not waited for. */
  async lockPending(db: Db, limit: number): Promise<PendingOutboxEvent[]> {
    return db.$queryRaw<PendingOutboxEvent[]>`
      SELECT id, channel, payload, headers FROM platform.outbox
       WHERE published_at IS NULL
       ORDER BY id
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
  }

  async markPublished(db: Db, ids: readonly bigint[]): Promise<void> {
    await db.$executeRaw`
      UPDATE platform.outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(${[...ids]}::bigint[])`;
  }

  async countPending(db: Db): Promise<number> {
    const [row] = await db.$queryRaw<Array<{ pending: bigint }>>`SELECT count(*) AS pending FROM platform.outbox WHERE published_at IS NULL`;
    return Number(row?.pending ?? 0);
  }
}
