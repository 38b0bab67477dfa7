import type { Db } from '@tillwire/platform';
import type { LedgerEntry } from '../domain/allocation';

/** A ledger entry with what produced it: the transaction, or the refund (sourceId) within it. */
export interface LedgerRow extends LedgerEntry {
  readonly sourceId: string;
  readonly transactionId: string;
}

export interface LedgerRepository {
  /** Every entry of a transaction (sales, reversals, refunds) in booking order. */
  ofTransaction(db: Db, transactionId: string): Promise<LedgerRow[]>;
  ofSource(db: Db, sourceId: string, kind: LedgerEntry['kind']): Promise<LedgerRow[]>;
  /** Inserts the rows whose (sourceId, lineNo, kind) is new; returns how many were new. */
  insertNew(db: Db, rows: readonly LedgerRow[]): Promise<number>;
  /** Row locks on the sale entries, so refunds and reversals of one transaction run one at a time. */
  lockSales(db: Db, transactionId: string): Promise<void>;
}

const columns = {
  sourceId: true,
  transactionId: true,
  lineNo: true,
  kind: true,
  departmentCode: true,
  sku: true,
  amountMinor: true,
  taxMinor: true,
} as const;

const bookingOrder = [{ createdAt: 'asc' }, { kind: 'asc' }, { sourceId: 'asc' }, { lineNo: 'asc' }] as const;

export const ledgerRepository: LedgerRepository = {
  async ofTransaction(db, transactionId) {
    const rows = await db.departmentLedgerEntry.findMany({
      select: columns,
      where: { transactionId },
      orderBy: [...bookingOrder],
    });
    return rows.map(toLedgerRow);
  },

  async ofSource(db, sourceId, kind) {
    const rows = await db.departmentLedgerEntry.findMany({
      select: columns,
      where: { sourceId, kind },
      orderBy: { lineNo: 'asc' },
    });
    return rows.map(toLedgerRow);
  },

  async insertNew(db, rows) {
    const { count } = await db.departmentLedgerEntry.createMany({
      data: rows.map((row) => ({ ...row, amountMinor: BigInt(row.amountMinor), taxMinor: BigInt(row.taxMinor) })),
      skipDuplicates: true,
    });
    return count;
  },

  async lockSales(db, transactionId) {
    await db.$queryRaw`
      SELECT 1 FROM "departments"."ledger_entries"
      WHERE "transaction_id" = ${transactionId}::uuid AND "kind" = 'sale'
      FOR UPDATE`;
  },
};

type StoredRow = Omit<LedgerRow, 'amountMinor' | 'taxMinor'> & { amountMinor: bigint; taxMinor: bigint };

function toLedgerRow(row: StoredRow): LedgerRow {
  return { ...row, amountMinor: toMinor(row.amountMinor), taxMinor: toMinor(row.taxMinor) };
}

/** Money leaves SQL as bigint; callers get safe integers or a loud failure, never a rounded amount. */
function toMinor(value: bigint): number {
  const minor = Number(value);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${value} exceeds the safe-integer range`);
  return minor;
}

/** The public shape of an entry (fields in the order a first answer has them, so replays serialise alike). */
export function entryOf(row: LedgerRow): LedgerEntry {
  const { lineNo, departmentCode, sku, kind, amountMinor, taxMinor } = row;
  return { lineNo, departmentCode, sku, kind, amountMinor, taxMinor };
}
