import type { terminals } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';

export type Terminal = terminals.Terminal;
export type NewTerminal = Pick<Terminal, 'id' | 'name' | 'departmentCode' | 'locationCode' | 'vendor'>;
export type TerminalChanges = Partial<Pick<Terminal, 'name' | 'departmentCode'>>;

export interface TerminalsRepository {
  list(db: SqlExecutor, filter: { departmentCode?: string }): Promise<Terminal[]>;
  get(db: SqlExecutor, id: string): Promise<Terminal | undefined>;
  /** Undefined when a terminal with this id already exists. */
  insert(db: SqlExecutor, terminal: NewTerminal): Promise<Terminal | undefined>;
  /** Undefined when there is no terminal with this id. */
  update(db: SqlExecutor, id: string, changes: TerminalChanges): Promise<Terminal | undefined>;
  /** Terminals bound to a department. */
  countByDepartment(db: SqlExecutor, departmentCode: string): Promise<number>;
  /** The terminal was seen now, in `status` (null keeps its status). False when there is no such terminal. */
  markSeen(db: SqlExecutor, id: string, status: Terminal['status'] | null): Promise<boolean>;
  /**
   * Which node holds the terminal's session now: `node` on connecting, null on disconnecting from
   * `node` (a later session elsewhere is left alone).
   */
  setSessionNode(db: SqlExecutor, id: string, change: { opened: string } | { closed: string }): Promise<void>;
  /** The node holding the terminal's session; undefined while it has none (or there is no such terminal). */
  sessionNode(db: SqlExecutor, id: string): Promise<string | undefined>;
  /**
   * Inside a transaction: locks the terminal, then deletes its events, commands, certificates and itself.
   * The terminal as it was, or undefined when there is none.
   */
  remove(tx: SqlExecutor, id: string): Promise<Terminal | undefined>;
}

const COLUMNS = `id, name, department_code AS "departmentCode", location_code AS "locationCode", vendor, status,
  last_seen_at AS "lastSeenAt"`;

export const terminalsRepository: TerminalsRepository = {
  async list(db, { departmentCode }) {
    const rows = await db.query<StoredTerminal>(
      `SELECT ${COLUMNS} FROM terminals.terminals WHERE $1::text IS NULL OR department_code = $1 ORDER BY id`,
      [departmentCode ?? null],
    );
    return rows.map(toTerminal);
  },

  async get(db, id) {
    const [row] = await db.query<StoredTerminal>(`SELECT ${COLUMNS} FROM terminals.terminals WHERE id = $1`, [id]);
    return row ? toTerminal(row) : undefined;
  },

  async insert(db, { id, name, departmentCode, locationCode, vendor }) {
    const [row] = await db.query<StoredTerminal>(
      `INSERT INTO terminals.terminals (id, name, department_code, location_code, vendor, updated_at)
       VALUES ($1, $2, $3, $4, $5::terminals.terminal_vendor, now())
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [id, name, departmentCode, locationCode, vendor],
    );
    return row ? toTerminal(row) : undefined;
  },

  async update(db, id, { name, departmentCode }) {
    // An absent change keeps the column as it is.
    const [row] = await db.query<StoredTerminal>(
      `UPDATE terminals.terminals
          SET name = COALESCE($2, name), department_code = COALESCE($3, department_code), updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, name ?? null, departmentCode ?? null],
    );
    return row ? toTerminal(row) : undefined;
  },

  async countByDepartment(db, departmentCode) {
    const [row] = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM terminals.terminals WHERE department_code = $1',
      [departmentCode],
    );
    return row?.count ?? 0;
  },

  async markSeen(db, id, status) {
    const updated = await db.execute(
      `UPDATE terminals.terminals
          SET status = COALESCE($2::terminals.terminal_status, status), last_seen_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, status],
    );
    return updated > 0;
  },

  async setSessionNode(db, id, change) {
    if ('opened' in change) {
      await db.execute('UPDATE terminals.terminals SET session_node = $2 WHERE id = $1', [id, change.opened]);
    } else {
      await db.execute('UPDATE terminals.terminals SET session_node = NULL WHERE id = $1 AND session_node = $2', [id, change.closed]);
    }
  },

  async sessionNode(db, id) {
    const [row] = await db.query<{ node: string | null }>('SELECT session_node AS node FROM terminals.terminals WHERE id = $1', [id]);
    return row?.node ?? undefined;
  },

  async remove(tx, id) {
    // Locked first: an event or certificate written for it meanwhile waits, then finds it gone
    // (their foreign keys restrict, so none may be left behind).
    const [row] = await tx.query<StoredTerminal>(`SELECT ${COLUMNS} FROM terminals.terminals WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) return undefined;
    await tx.execute('DELETE FROM terminals.events WHERE terminal_id = $1', [id]);
    await tx.execute('DELETE FROM terminals.commands WHERE terminal_id = $1', [id]);
    await tx.execute('DELETE FROM terminals.certificates WHERE terminal_id = $1', [id]);
    await tx.execute('DELETE FROM terminals.terminals WHERE id = $1', [id]);
    return toTerminal(row);
  },
};

type StoredTerminal = Omit<Terminal, 'lastSeenAt'> & { lastSeenAt: Date | null };

function toTerminal({ id, name, departmentCode, locationCode, vendor, status, lastSeenAt }: StoredTerminal): Terminal {
  return { id, name, departmentCode, locationCode, vendor, status, lastSeenAt: lastSeenAt?.toISOString() ?? null };
}
