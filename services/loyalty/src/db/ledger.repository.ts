import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { Entry, EntryKind, Posting, Standing } from '../domain/posting';

export interface LedgerPage {
  readonly limit: number;
  readonly beforeId?: number;
}

export interface LedgerRepository {
  /** The entries a transaction has on an account: at most one per kind, and one per refund. */
  ofTransaction(db: SqlExecutor, accountId: string, transactionId: string): Promise<Entry[]>;
  insert(db: SqlExecutor, accountId: string, source: EntrySource, posting: Posting): Promise<Entry>;
  /**
   * Balance and lifetime points as they were right after `entryId`: today's figures less every later
   * entry, read in one statement so both come from the same snapshot. Opening balances with no entry
   * (seeded accounts) stay counted, because only later entries are taken off.
   */
  standingAfter(db: SqlExecutor, accountId: string, entryId: number): Promise<Standing>;
  /** Newest first. */
  page(db: SqlExecutor, accountId: string, page: LedgerPage): Promise<Entry[]>;
}

/** What an entry belongs to: its transaction and, for a refund, the refund (otherwise the transaction again). */
export interface EntrySource {
  readonly transactionId: string;
  readonly sourceId: string;
}

const COLUMNS =
  'id, account_id AS "accountId", transaction_id AS "transactionId", source_id AS "sourceId", kind, points, created_at AS "createdAt"';

export const ledgerRepository: LedgerRepository = {
  async ofTransaction(db, accountId, transactionId) {
    const rows = await db.query<EntryRow>(
      `SELECT ${COLUMNS} FROM loyalty.ledger_entries WHERE transaction_id = $1 AND account_id = $2`,
      [transactionId, accountId],
    );
    return rows.map(toEntry);
  },

  async insert(db, accountId, { transactionId, sourceId }, posting) {
    const [row] = await db.query<EntryRow>(
      `INSERT INTO loyalty.ledger_entries (account_id, transaction_id, source_id, kind, points)
       VALUES ($1, $2, $3, $4::loyalty.entry_kind, $5) RETURNING ${COLUMNS}`,
      [accountId, transactionId, sourceId, posting.kind, posting.points],
    );
    if (!row) throw new Error(`No entry returned for transaction ${transactionId}`);
    return toEntry(row);
  },

  async standingAfter(db, accountId, entryId) {
    const [row] = await db.query<{ balance: bigint; lifetime: bigint }>(
      `SELECT a.balance_points - COALESCE(SUM(e.points), 0)::bigint AS balance,
              a.lifetime_points - COALESCE(SUM(e.points) FILTER (WHERE e.kind = 'accrue'), 0)::bigint AS lifetime
         FROM loyalty.accounts a
         LEFT JOIN loyalty.ledger_entries e ON e.account_id = a.id AND e.id > $2::bigint
        WHERE a.id = $1
        GROUP BY a.id`,
      [accountId, entryId],
    );
    if (!row) throw new Error(`No loyalty account ${accountId}`);
    return {
      balancePoints: toSafeNumber(row.balance, 'balance points'),
      lifetimePoints: toSafeNumber(row.lifetime, 'lifetime points'),
    };
  },

  async page(db, accountId, { limit, beforeId }) {
    const rows = await db.query<EntryRow>(
      `SELECT ${COLUMNS} FROM loyalty.ledger_entries
        WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
        ORDER BY id DESC LIMIT $3`,
      [accountId, beforeId ?? null, limit],
    );
    return rows.map(toEntry);
  },
};

interface EntryRow {
  id: bigint;
  accountId: string;
  transactionId: string;
  sourceId: string;
  kind: EntryKind;
  points: bigint;
  createdAt: Date;
}

function toEntry(row: EntryRow): Entry {
  return { ...row, id: toSafeNumber(row.id, 'entry id'), points: toSafeNumber(row.points, 'points') };
}
