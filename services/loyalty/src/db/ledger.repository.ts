import { toSafeNumber, type Db } from '@tillwire/platform';
import type { Entry, EntryKind, Posting, Standing } from '../domain/posting';

export interface LedgerPage {
  readonly limit: number;
  readonly beforeId?: number;
}

export interface LedgerRepository {
  /** The entries (at most one per kind) a transaction has on an account. */
  ofTransaction(db: Db, accountId: string, transactionId: string): Promise<Entry[]>;
  insert(db: Db, accountId: string, transactionId: string, posting: Posting): Promise<Entry>;
  /**
   * Balance and lifetime points as they were right after `entryId`: today's figures less every later
   * entry, read in one statement so both come from the same snapshot. Opening balances with no entry
   * (seeded accounts) stay counted, because only later entries are taken off.
   */
  standingAfter(db: Db, accountId: string, entryId: number): Promise<Standing>;
  /** Newest first. */
  page(db: Db, accountId: string, page: LedgerPage): Promise<Entry[]>;
}

const columns = { id: true, accountId: true, transactionId: true, kind: true, points: true, createdAt: true } as const;

export const ledgerRepository: LedgerRepository = {
  async ofTransaction(db, accountId, transactionId) {
    const rows = await db.loyaltyLedgerEntry.findMany({ select: columns, where: { transactionId, accountId } });
    return rows.map(toEntry);
  },

  async insert(db, accountId, transactionId, posting) {
    const row = await db.loyaltyLedgerEntry.create({
      select: columns,
      data: { accountId, transactionId, kind: posting.kind, points: BigInt(posting.points) },
    });
    return toEntry(row);
  },

  async standingAfter(db, accountId, entryId) {
    const [row] = await db.$queryRaw<Array<{ balance: bigint; lifetime: bigint }>>`
      SELECT a.balance_points - COALESCE(SUM(e.points), 0)::bigint AS balance,
             a.lifetime_points - COALESCE(SUM(e.points) FILTER (WHERE e.kind = 'accrue'), 0)::bigint AS lifetime
        FROM loyalty.accounts a
        LEFT JOIN loyalty.ledger_entries e ON e.account_id = a.id AND e.id > ${entryId}::bigint
       WHERE a.id = ${accountId}
       GROUP BY a.id`;
    if (!row) throw new Error(`No loyalty account ${accountId}`);
    return {
      balancePoints: toSafeNumber(row.balance, 'balance points'),
      lifetimePoints: toSafeNumber(row.lifetime, 'lifetime points'),
    };
  },

  async page(db, accountId, { limit, beforeId }) {
    const rows = await db.loyaltyLedgerEntry.findMany({
      select: columns,
      where: { accountId, ...(beforeId === undefined ? {} : { id: { lt: BigInt(beforeId) } }) },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(toEntry);
  },
};

interface EntryRow {
  id: bigint;
  accountId: string;
  transactionId: string;
  kind: EntryKind;
  points: bigint;
  createdAt: Date;
}

function toEntry(row: EntryRow): Entry {
  return { ...row, id: toSafeNumber(row.id, 'entry id'), points: toSafeNumber(row.points, 'points') };
}
