import type { SqlExecutor } from '../db/sql-executor';
import type { OutboxTraceContext } from './outbox-trace-context';

export interface PendingOutboxEvent {
  id: bigint;
  channel: string;
  payload: unknown;
  headers: Record<string, string>;
  /** Of the change that wrote the event; null when it was written outside a trace. */
  traceContext: OutboxTraceContext | null;
}

/** The `platform.outbox` table: written with the state change, drained by the relay. */
export class OutboxRepository {
  /** Locks the oldest unpublished events; rows another relay holds are skipped, not waited for. */
  async lockPending(sql: SqlExecutor, limit: number): Promise<PendingOutboxEvent[]> {
    return sql.query<PendingOutboxEvent>(
      `SELECT id, channel, payload, headers, trace_context AS "traceContext" FROM platform.outbox
        WHERE published_at IS NULL
        ORDER BY id
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markPublished(sql: SqlExecutor, ids: readonly bigint[]): Promise<void> {
    await sql.execute('UPDATE platform.outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [
      ids.map(String),
    ]);
  }

  async countPending(sql: SqlExecutor): Promise<number> {
    const [row] = await sql.query<{ pending: bigint }>('SELECT count(*) AS pending FROM platform.outbox WHERE published_at IS NULL');
    return Number(row?.pending ?? 0);
  }
}
