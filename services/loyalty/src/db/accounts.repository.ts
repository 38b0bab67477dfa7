import { loyalty } from '@tillwire/contracts';
import { toSafeNumber, type Db } from '@tillwire/platform';
import type { Account } from '../domain/account';
import type { Posting } from '../domain/posting';

export interface NewAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
}

export type InsertOutcome = 'inserted' | 'id_taken' | 'email_taken';

export interface AccountsRepository {
  find(db: Db, id: string): Promise<Account | undefined>;
  /** Inserts at bronze with no points; says which unique value was taken when it cannot. */
  insert(db: Db, account: NewAccount): Promise<InsertOutcome>;
  /** One conditional UPDATE: applies `posting` only if the account still has `version`. False when the race was lost. */
  applyIfVersion(db: Db, id: string, version: number, posting: Posting): Promise<boolean>;
}

const columns = {
  id: true,
  name: true,
  email: true,
  tier: true,
  balancePoints: true,
  lifetimePoints: true,
  version: true,
} as const;

export const accountsRepository: AccountsRepository = {
  async find(db, id) {
    const row = await db.loyaltyAccount.findUnique({ select: columns, where: { id } });
    return row ? toAccount(row) : undefined;
  },

  async insert(db, account) {
    const { count } = await db.loyaltyAccount.createMany({ data: [account], skipDuplicates: true });
    if (count === 1) return 'inserted';
    // Accounts are never deleted, so whichever unique value clashed is still there to be found.
    const sameId = await db.loyaltyAccount.count({ where: { id: account.id } });
    return sameId > 0 ? 'id_taken' : 'email_taken';
  },

  async applyIfVersion(db, id, version, posting) {
    const { count } = await db.loyaltyAccount.updateMany({
      // The balance guard is belt and braces: the version already pins the balance the rule checked.
      where: { id, version, balancePoints: { gte: BigInt(Math.max(0, -posting.points)) } },
      data: {
        balancePoints: { increment: BigInt(posting.points) },
        lifetimePoints: { increment: BigInt(posting.lifetimeDelta) },
        tier: posting.tier,
        version: { increment: 1 },
      },
    });
    return count === 1;
  },
};

interface AccountRow {
  id: string;
  name: string;
  email: string | null;
  tier: string;
  balancePoints: bigint;
  lifetimePoints: bigint;
  version: number;
}

function toAccount(row: AccountRow): Account {
  return {
    ...row,
    tier: loyalty.tier.parse(row.tier),
    balancePoints: toSafeNumber(row.balancePoints, 'balance points'),
    lifetimePoints: toSafeNumber(row.lifetimePoints, 'lifetime points'),
  };
}
