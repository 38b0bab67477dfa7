import { randomUUID } from 'node:crypto';
import type { deadLetters } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';

export type DeadLetterStatus = deadLetters.DeadLetterStatus;

/** A row of `platform.dead_letters`. */
export interface DeadLetterRecord {
  id: string;
  /** The channel as senders name it, without the broker namespace. */
  channel: string;
  payload: unknown;
  headers: Record<string, string>;
  reason: string;
  attempts: number;
  firstFailedAt: Date;
  deadAt: Date;
  status: DeadLetterStatus;
  resolvedAt: Date | null;
  resolutionReason: string | null;
}

export type NewDeadLetter = Pick<DeadLetterRecord, 'channel' | 'payload' | 'headers' | 'reason' | 'attempts' | 'firstFailedAt'>;

export interface DeadLetterFilter {
  status?: DeadLetterStatus | undefined;
  channel?: string | undefined;
  limit: number;
}

const COLUMNS = `id, channel, payload, headers, reason, attempts, first_failed_at AS "firstFailedAt", dead_at AS "deadAt",
  status, resolved_at AS "resolvedAt", resolution_reason AS "resolutionReason"`;

/** The dead-letter queue in the `platform` schema; a letter leaves `dead` once, by a conditional update. */
export class DeadLetterRepository {
  async insert(sql: SqlExecutor, letter: NewDeadLetter): Promise<string> {
    const id = randomUUID();
    await sql.execute(
      `INSERT INTO platform.dead_letters (id, channel, payload, headers, reason, attempts, first_failed_at)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7)`,
      [
        id,
        letter.channel,
        // Stringified here: the driver would turn a top-level array into a PostgreSQL array.
        JSON.stringify(letter.payload ?? null),
        JSON.stringify(letter.headers),
        letter.reason,
        letter.attempts,
        letter.firstFailedAt,
      ],
    );
    return id;
  }

  async find(sql: SqlExecutor, id: string): Promise<DeadLetterRecord | undefined> {
    const [row] = await sql.query<DeadLetterRecord>(`SELECT ${COLUMNS} FROM platform.dead_letters WHERE id = $1`, [id]);
    return row;
  }

  /** Newest first. */
  async list(sql: SqlExecutor, filter: DeadLetterFilter): Promise<DeadLetterRecord[]> {
    return sql.query<DeadLetterRecord>(
      `SELECT ${COLUMNS} FROM platform.dead_letters
        WHERE ($1::text IS NULL OR status::text = $1) AND ($2::text IS NULL OR channel = $2)
        ORDER BY dead_at DESC, id DESC
        LIMIT $3`,
      [filter.status ?? null, filter.channel ?? null, filter.limit],
    );
  }

  /**
   * How many letters wait (`dead`) per channel that ever had one: a channel whose letters were all
   * replayed or discarded answers 0 rather than vanishing.
   */
  async waitingByChannel(sql: SqlExecutor): Promise<Array<{ channel: string; waiting: number }>> {
    return sql.query<{ channel: string; waiting: number }>(
      `SELECT channel, (count(*) FILTER (WHERE status = 'dead'))::int AS waiting FROM platform.dead_letters GROUP BY channel ORDER BY channel`,
    );
  }

  /**
   * Moves a `dead` letter to `status` and answers it as it now is; undefined when the letter does
   * not exist or is no longer dead. Of concurrent calls on one letter, exactly one gets it.
   */
  async resolve(
    sql: SqlExecutor,
    id: string,
    status: Exclude<DeadLetterStatus, 'dead'>,
    reason: string | null,
  ): Promise<DeadLetterRecord | undefined> {
    const [row] = await sql.query<DeadLetterRecord>(
      `UPDATE platform.dead_letters
          SET status = $2::platform.dead_letter_status, resolved_at = now(), resolution_reason = $3
        WHERE id = $1 AND status = 'dead'
        RETURNING ${COLUMNS}`,
      [id, status, reason],
    );
    return row;
  }
}
