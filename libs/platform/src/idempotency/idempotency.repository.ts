import type { AppendedWrite } from '../audit/audit.repository';
import type { SqlExecutor } from '../db/sql-executor';

export interface IdempotencyRow {
  requestHash: string;
  status: 'in_progress' | 'completed';
  responseStatus: number | null;
  responseBody: string | null;
  lockedUntil: Date | null;
}

const COMPLETE = `UPDATE platform.idempotency_keys
    SET status = 'completed', response_status = $3, response_body = $4, locked_until = NULL
  WHERE scope = $1 AND key = $2`;

/** Idempotency keys in the `platform` schema; every statement is a single conditional write. */
export class IdempotencyRepository {
  async tryInsert(sql: SqlExecutor, scope: string, key: string, requestHash: string, lockedUntil: Date, expiresAt: Date): Promise<boolean> {
    const inserted = await sql.execute(
      `INSERT INTO platform.idempotency_keys (scope, key, request_hash, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, requestHash, lockedUntil, expiresAt],
    );
    return inserted === 1;
  }

  async find(sql: SqlExecutor, scope: string, key: string): Promise<IdempotencyRow | undefined> {
    const [row] = await sql.query<IdempotencyRow>(
      `SELECT request_hash AS "requestHash", status, response_status AS "responseStatus",
              response_body AS "responseBody", locked_until AS "lockedUntil"
         FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return row;
  }

  /** Takes over an in-progress key whose lock ran out (the request's node died). */
  async takeOver(sql: SqlExecutor, scope: string, key: string, now: Date, lockedUntil: Date): Promise<boolean> {
    const taken = await sql.execute(
      `UPDATE platform.idempotency_keys SET locked_until = $4
        WHERE scope = $1 AND key = $2 AND status = 'in_progress' AND locked_until < $3`,
      [scope, key, now, lockedUntil],
    );
    return taken === 1;
  }

  async complete(sql: SqlExecutor, scope: string, key: string, responseStatus: number, responseBody: string): Promise<void> {
    await sql.execute(COMPLETE, [scope, key, responseStatus, responseBody]);
  }

  /** The completion as a write of the statement that appends the audit entry of the change answered: stored only with it. */
  completion(scope: string, key: string, responseStatus: number, responseBody: string): AppendedWrite {
    return { statement: `${COMPLETE} AND EXISTS (SELECT FROM appended)`, params: [scope, key, responseStatus, responseBody] };
  }

  async remove(sql: SqlExecutor, scope: string, key: string): Promise<void> {
    await sql.execute(`DELETE FROM platform.idempotency_keys WHERE scope = $1 AND key = $2 AND status = 'in_progress'`, [scope, key]);
  }

  async purgeExpired(sql: SqlExecutor, now: Date): Promise<number> {
    return sql.execute('DELETE FROM platform.idempotency_keys WHERE expires_at < $1', [now]);
  }
}
