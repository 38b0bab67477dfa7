import type { SqlExecutor } from '../db/sql-executor';

/**
 * Read-only look-ups of the store's departments and terminals for the processes that run without
 * a broker (the CLI, the seed). Services answer these over the broker instead; the HTTP edge passes
 * a port that asks them.
 */
export class StoreDirectoryRepository {
  /** The department of a registered terminal; null when there is no such terminal. */
  async terminalDepartment(sql: SqlExecutor, terminalId: string): Promise<string | null> {
    const [row] = await sql.query<{ departmentCode: string }>(
      'SELECT department_code AS "departmentCode" FROM terminals.terminals WHERE id = $1',
      [terminalId],
    );
    return row?.departmentCode ?? null;
  }

  async departmentExists(sql: SqlExecutor, code: string): Promise<boolean> {
    const rows = await sql.query<{ one: number }>('SELECT 1 AS one FROM departments.departments WHERE code = $1', [code]);
    return rows.length > 0;
  }

  async departmentCodes(sql: SqlExecutor): Promise<string[]> {
    const rows = await sql.query<{ code: string }>('SELECT code FROM departments.departments ORDER BY code');
    return rows.map((row) => row.code);
  }
}
