import { columnsOf, toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { LedgerEntry } from '../domain/allocation';

/** A ledger entry with what produced it: the transaction, or the refund (sourceId) within it. */
export interface LedgerRow extends LedgerEntry {
  readonly sourceId: string;
  readonly transactionId: string;
}

/** What `book` did: wrote every row, or none of them and why. */
export type Booking =
  | { readonly outcome: 'booked' }
  | { readonly outcome: 'unknown_departments'; readonly departmentCodes: string[] }
  /** An entry with the same (sourceId, lineNo, kind) exists: the source was booked before. */
  | { readonly outcome: 'already_booked' };

export interface LedgerRepository {
  /** Every entry of a transaction (sales, reversals, refunds) in booking order. */
  ofTransaction(db: SqlExecutor, transactionId: string): Promise<LedgerRow[]>;
  ofSource(db: SqlExecutor, sourceId: string, kind: LedgerEntry['kind']): Promise<LedgerRow[]>;
  /** Inserts the rows whose (sourceId, lineNo, kind) is new; returns how many were new. */
  insertNew(db: SqlExecutor, rows: readonly LedgerRow[]): Promise<number>;
  /**
   * All rows or none, in one statement: none when a department is unknown or a row exists already.
   * A plain INSERT, not ON CONFLICT DO NOTHING, so that one existing row undoes the whole statement and
   * a call differing from an earlier one cannot add lines to it, without a transaction. Run it outside
   * one: the failed statement would abort it.
   */
  book(db: SqlExecutor, rows: readonly LedgerRow[]): Promise<Booking>;
  /** Row locks on the sale entries, so refunds and reversals of one transaction run one at a time. */
  lockSales(db: SqlExecutor, transactionId: string): Promise<void>;
}

const COLUMNS = `source_id AS "sourceId", transaction_id AS "transactionId", line_no AS "lineNo", kind,
  department_code AS "departmentCode", sku, amount_minor AS "amountMinor", tax_minor AS "taxMinor"`;

/** The rows as one array per column, so any number of them is one statement with eight parameters. */
const ROWS = `unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
  AS r(source_id, transaction_id, line_no, kind, department_code, sku, amount_minor, tax_minor)`;

const INSERT = `INSERT INTO departments.ledger_entries
  (id, source_id, transaction_id, line_no, kind, department_code, sku, amount_minor, tax_minor)`;

const SELECT_ROWS = `SELECT gen_random_uuid(), source_id, transaction_id, line_no, kind::departments.ledger_entry_kind,
  department_code, sku, amount_minor, tax_minor`;

export const ledgerRepository: LedgerRepository = {
  async ofTransaction(db, transactionId) {
    const rows = await db.query<StoredRow>(
      `SELECT ${COLUMNS} FROM departments.ledger_entries WHERE transaction_id = $1
        ORDER BY created_at, kind, source_id, line_no`,
      [transactionId],
    );
    return rows.map(toLedgerRow);
  },

  async ofSource(db, sourceId, kind) {
    const rows = await db.query<StoredRow>(
      `SELECT ${COLUMNS} FROM departments.ledger_entries
        WHERE source_id = $1 AND kind = $2::departments.ledger_entry_kind ORDER BY line_no`,
      [sourceId, kind],
    );
    return rows.map(toLedgerRow);
  },

  insertNew: (db, rows) =>
    db.execute(`${INSERT} ${SELECT_ROWS} FROM ${ROWS} ON CONFLICT DO NOTHING`, columnsOf(rows, LEDGER_COLUMNS)),

  async book(db, rows) {
    try {
      // A data-modifying WITH runs whether or not the answer reads it; it inserts nothing when a code is unknown.
      const [answer] = await db.query<{ unknown: string[] }>(
        `WITH r AS (SELECT * FROM ${ROWS}),
              unknown AS (
                SELECT department_code, min(line_no) AS first_line FROM r
                 WHERE NOT EXISTS (SELECT 1 FROM departments.departments d WHERE d.code = r.department_code)
                 GROUP BY department_code),
              booked AS (${INSERT} ${SELECT_ROWS} FROM r WHERE NOT EXISTS (SELECT 1 FROM unknown))
         SELECT ARRAY(SELECT department_code FROM unknown ORDER BY first_line) AS unknown`,
        columnsOf(rows, LEDGER_COLUMNS),
      );
      const departmentCodes = answer?.unknown ?? [];
      return departmentCodes.length > 0 ? { outcome: 'unknown_departments', departmentCodes } : { outcome: 'booked' };
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'already_booked' };
      throw error;
    }
  },

  async lockSales(db, transactionId) {
    await db.query(
      `SELECT 1 FROM departments.ledger_entries WHERE transaction_id = $1 AND kind = 'sale' FOR UPDATE`,
      [transactionId],
    );
  },
};

const LEDGER_COLUMNS = ['sourceId', 'transactionId', 'lineNo', 'kind', 'departmentCode', 'sku', 'amountMinor', 'taxMinor'] as const;

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';

type StoredRow = Omit<LedgerRow, 'amountMinor' | 'taxMinor'> & { amountMinor: bigint; taxMinor: bigint };

/** Money leaves SQL as bigint; callers get safe integers or a loud failure, never a rounded amount. */
function toLedgerRow(row: StoredRow): LedgerRow {
  return { ...row, amountMinor: toSafeNumber(row.amountMinor, 'Amount'), taxMinor: toSafeNumber(row.taxMinor, 'Tax') };
}

/** The public shape of an entry (fields in the order a first answer has them, so replays serialise alike). */
export function entryOf(row: LedgerRow): LedgerEntry {
  const { lineNo, departmentCode, sku, kind, amountMinor, taxMinor } = row;
  return { lineNo, departmentCode, sku, kind, amountMinor, taxMinor };
}
