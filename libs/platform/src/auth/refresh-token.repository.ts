import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../db/sql-executor';

/** A row of `platform.refresh_tokens`; the token itself is never stored, only its SHA-256. */
export interface RefreshTokenRecord {
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Refresh tokens in the `platform` schema; a token is spent or revoked once, by a conditional update. */
export class RefreshTokenRepository {
  async insert(sql: SqlExecutor, token: { userId: string; tokenHash: string; expiresAt: Date; createdAt: Date }): Promise<void> {
    await sql.execute(
      'INSERT INTO platform.refresh_tokens (id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)',
      [randomUUID(), token.userId, token.tokenHash, token.expiresAt, token.createdAt],
    );
  }

  /**
   * Revokes a live token (neither revoked nor expired at `now`) and answers whose it was; undefined
   * otherwise. Of concurrent calls with one token, exactly one gets it: the others wait for its row
   * and then find it revoked.
   */
  async spend(sql: SqlExecutor, tokenHash: string, now: Date): Promise<{ userId: string } | undefined> {
    const [row] = await sql.query<{ userId: string }>(
      `UPDATE platform.refresh_tokens SET revoked_at = $2
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
        RETURNING user_id AS "userId"`,
      [tokenHash, now],
    );
    return row;
  }

  async find(sql: SqlExecutor, tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const [row] = await sql.query<RefreshTokenRecord>(
      `SELECT user_id AS "userId", expires_at AS "expiresAt", revoked_at AS "revokedAt"
         FROM platform.refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  /** Whether a live token was revoked. */
  async revoke(sql: SqlExecutor, tokenHash: string, now: Date): Promise<boolean> {
    const revoked = await sql.execute(
      'UPDATE platform.refresh_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash, now],
    );
    return revoked === 1;
  }

  /**
   * Ends every session of a user: revokes their live refresh tokens, and their access tokens issued
   * before `now` are refused from then on (`users.tokens_valid_after`, which AccessRevocations reads).
   */
  async endSessionsOf(sql: SqlExecutor, userId: string, now: Date): Promise<void> {
    await sql.execute(
      `WITH ended AS (UPDATE platform.users SET tokens_valid_after = $2 WHERE id = $1)
       UPDATE platform.refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, now],
    );
  }

  /** Deletes tokens that expired before `before`: once expired, a token (revoked or not) opens nothing. */
  async purgeExpired(sql: SqlExecutor, before: Date): Promise<number> {
    return sql.execute('DELETE FROM platform.refresh_tokens WHERE expires_at < $1', [before]);
  }
}
