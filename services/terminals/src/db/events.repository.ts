import type { terminals } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';

export type TerminalEvent = terminals.TerminalEvent;
export type NewTerminalEvent = Pick<TerminalEvent, 'terminalId' | 'type' | 'payload'>;

export interface TerminalEventsRepository {
  insert(tx: SqlExecutor, event: NewTerminalEvent): Promise<TerminalEvent>;
  /** The terminal's last `limit` events with an id above `afterId` (all when absent), oldest first. */
  listLatest(db: SqlExecutor, terminalId: string, filter: { afterId?: string; limit: number }): Promise<TerminalEvent[]>;
}

const COLUMNS = 'id, terminal_id AS "terminalId", type, payload, occurred_at AS "occurredAt"';

export const terminalEventsRepository: TerminalEventsRepository = {
  async insert(tx, { terminalId, type, payload }) {
    const [row] = await tx.query<StoredEvent>(
      `INSERT INTO terminals.events (terminal_id, type, payload) VALUES ($1, $2::terminals.terminal_event_type, $3::jsonb)
       RETURNING ${COLUMNS}`,
      [terminalId, type, JSON.stringify(payload)],
    );
    return toEvent(row!);
  },

  async listLatest(db, terminalId, { afterId, limit }) {
    const rows = await db.query<StoredEvent>(
      `SELECT * FROM (
         SELECT ${COLUMNS} FROM terminals.events
          WHERE terminal_id = $1 AND id > $2::bigint
          ORDER BY id DESC LIMIT $3
       ) latest ORDER BY id`,
      [terminalId, afterId ?? '0', limit],
    );
    return rows.map(toEvent);
  },
};

interface StoredEvent {
  id: bigint;
  terminalId: string;
  type: TerminalEvent['type'];
  payload: Record<string, unknown> | string;
  occurredAt: Date | string;
}

function toEvent({ id, terminalId, type, payload, occurredAt }: StoredEvent): TerminalEvent {
  return {
    id: id.toString(),
    terminalId,
    type,
    payload: typeof payload === 'string' ? (JSON.parse(payload) as Record<string, unknown>) : payload,
    occurredAt: new Date(occurredAt).toISOString(),
  };
}
