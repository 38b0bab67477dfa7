import type { auth } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';

export type Role = auth.Role;

/** A row of `platform.users` with its roles. The hashes never leave the identity library. */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  pinHash: string | null;
  departmentCode: string | null;
  active: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
  /** In the enum's order: operator, supervisor, admin, finance. */
  roles: Role[];
  createdAt: Date;
  updatedAt: Date;
}

export type NewUser = Pick<UserRecord, 'id' | 'username' | 'displayName' | 'roles' | 'departmentCode' | 'passwordHash' | 'pinHash'>;

export interface UserFilter {
  role?: Role | undefined;
  active?: boolean | undefined;
  limit: number;
}

const SELECT = `SELECT u.id, u.username, u.display_name AS "displayName", u.password_hash AS "passwordHash",
    u.pin_hash AS "pinHash", u.department_code AS "departmentCode", u.active, u.failed_attempts AS "failedAttempts",
    u.locked_until AS "lockedUntil", u.created_at AS "createdAt", u.updated_at AS "updatedAt",
    ARRAY(SELECT r.role::text FROM platform.user_roles r WHERE r.user_id = u.id ORDER BY r.role) AS roles
  FROM platform.users u`;

/**
 * Users and their roles in the `platform` schema. The sign-in counters change by single conditional
 * updates, so concurrent attempts neither lose a failure nor unlock an account another just locked.
 */
export class UserRepository {
  /** False when the username is taken. */
  async insert(sql: SqlExecutor, user: NewUser, now: Date): Promise<boolean> {
    const inserted = await sql.execute(
      `INSERT INTO platform.users (id, username, display_name, password_hash, pin_hash, department_code, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (username) DO NOTHING`,
      [user.id, user.username, user.displayName, user.passwordHash, user.pinHash, user.departmentCode, now],
    );
    if (inserted === 0) return false;
    await this.replaceRoles(sql, user.id, user.roles);
    return true;
  }

  async findByUsername(sql: SqlExecutor, username: string): Promise<UserRecord | undefined> {
    const [row] = await sql.query<UserRecord>(`${SELECT} WHERE u.username = $1`, [username]);
    return row;
  }

  /** `forUpdate`: holds the row until the transaction ends, so a change and its before/after agree. */
  async findById(sql: SqlExecutor, id: string, options: { forUpdate?: boolean } = {}): Promise<UserRecord | undefined> {
    const [row] = await sql.query<UserRecord>(`${SELECT} WHERE u.id = $1${options.forUpdate ? ' FOR UPDATE OF u' : ''}`, [id]);
    return row;
  }

  /** By username. */
  async list(sql: SqlExecutor, filter: UserFilter): Promise<UserRecord[]> {
    return sql.query<UserRecord>(
      `${SELECT}
        WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM platform.user_roles r WHERE r.user_id = u.id AND r.role::text = $1))
          AND ($2::boolean IS NULL OR u.active = $2)
        ORDER BY u.username
        LIMIT $3`,
      [filter.role ?? null, filter.active ?? null, filter.limit],
    );
  }

  async count(sql: SqlExecutor): Promise<number> {
    const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.users');
    return row?.n ?? 0;
  }

  /**
   * Counts a failed sign-in unless the account is locked at `now`; the failure that reaches
   * `maxAttempts` locks it until `lockUntil` and starts the count again. Undefined when it was
   * locked already (nothing counted), else the lock the account now has (null: none).
   */
  async recordFailure(
    sql: SqlExecutor,
    id: string,
    now: Date,
    maxAttempts: number,
    lockUntil: Date,
  ): Promise<{ lockedUntil: Date | null } | undefined> {
    const [row] = await sql.query<{ lockedUntil: Date | null }>(
      `UPDATE platform.users
          SET failed_attempts = CASE WHEN failed_attempts + 1 >= $3::int THEN 0 ELSE failed_attempts + 1 END,
              locked_until = CASE WHEN failed_attempts + 1 >= $3::int THEN $4::timestamptz ELSE NULL END,
              updated_at = $2
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
        RETURNING locked_until AS "lockedUntil"`,
      [id, now, maxAttempts, lockUntil],
    );
    return row;
  }

  /** Clears the failure count of an account not locked at `now`; false when it is locked (by a concurrent failure). */
  async recordSuccess(sql: SqlExecutor, id: string, now: Date): Promise<boolean> {
    const updated = await sql.execute(
      `UPDATE platform.users SET failed_attempts = 0, locked_until = NULL, updated_at = $2
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)`,
      [id, now],
    );
    return updated === 1;
  }

  async setPasswordHash(sql: SqlExecutor, id: string, hash: string, now: Date): Promise<void> {
    await sql.execute('UPDATE platform.users SET password_hash = $2, updated_at = $3 WHERE id = $1', [id, hash, now]);
  }

  async setPinHash(sql: SqlExecutor, id: string, hash: string | null, now: Date): Promise<void> {
    await sql.execute('UPDATE platform.users SET pin_hash = $2, updated_at = $3 WHERE id = $1', [id, hash, now]);
  }

  async setRoles(sql: SqlExecutor, id: string, roles: readonly Role[], departmentCode: string | null, now: Date): Promise<void> {
    await sql.execute('UPDATE platform.users SET department_code = $2, updated_at = $3 WHERE id = $1', [id, departmentCode, now]);
    await this.replaceRoles(sql, id, roles);
  }

  async setActive(sql: SqlExecutor, id: string, active: boolean, now: Date): Promise<void> {
    await sql.execute('UPDATE platform.users SET active = $2, updated_at = $3 WHERE id = $1', [id, active, now]);
  }

  async unlock(sql: SqlExecutor, id: string, now: Date): Promise<void> {
    await sql.execute('UPDATE platform.users SET failed_attempts = 0, locked_until = NULL, updated_at = $2 WHERE id = $1', [id, now]);
  }

  /** The users whose sessions ended after `since`, and when: their access tokens issued before are refused. */
  async sessionsEndedSince(sql: SqlExecutor, since: Date): Promise<Array<{ userId: string; endedAt: Date }>> {
    return sql.query<{ userId: string; endedAt: Date }>(
      'SELECT id AS "userId", tokens_valid_after AS "endedAt" FROM platform.users WHERE tokens_valid_after > $1',
      [since],
    );
  }

  private async replaceRoles(sql: SqlExecutor, id: string, roles: readonly Role[]): Promise<void> {
    await sql.execute('DELETE FROM platform.user_roles WHERE user_id = $1', [id]);
    await sql.execute('INSERT INTO platform.user_roles (user_id, role) SELECT $1, unnest($2::text[])::platform.role', [id, roles]);
  }
}
