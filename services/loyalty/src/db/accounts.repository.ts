import { loyalty } from '@tillwire/contracts';
import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { Account } from '../domain/account';
import type { Posting } from '../domain/posting';

export interface NewAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
}

export type InsertOutcome = 'inserted' | 'id_taken' | 'email_taken';

export interface AccountsRepository {
  find(db: SqlExecutor, id: string): Promise<Account | undefined>;
  /** Inserts at bronze with no points; says which unique value was taken when it cannot. */
  insert(db: SqlExecutor, account: NewAccount): Promise<InsertOutcome>;
  /** One conditional UPDATE: applies `posting` only if the account still has `version`. False when the race was lost. */
  applyIfVersion(db: SqlExecutor, id: string, version: number, posting: Posting): Promise<boolean>;
}

export const accountsRepository: AccountsRepository = {
  async find(db, id) {
    const [row] = await db.query<AccountRow>(
      `SELECT id, name, email, tier, balance_points AS "balancePoints", lifetime_points AS "lifetimePoints", version
         FROM loyalty.accounts WHERE id = $1`,
      [id],
    );
    return row ? toAccount(row) : undefined;
  },

  async insert(db, { id, name, email }) {
    const inserted = await db.execute(
      'INSERT INTO loyalty.accounts (id, name, email, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING',
      [id, name, email],
    );
    if (inserted === 1) return 'inserted';
    // Accounts are never deleted, so whichever unique value clashed is still there to be found.
    const sameId = await db.query('SELECT 1 FROM loyalty.accounts WHERE id = $1', [id]);
    return sameId.length > 0 ? 'id_taken' : 'email_taken';
  },

  async applyIfVersion(db, id, version, posting) {
    // The balance guard is belt and braces: the version already pins the balance the rule checked.
    const updated = await db.execute(
      `UPDATE loyalty.accounts
          SET balance_points = balance_points + $4, lifetime_points = lifetime_points + $5, tier = $6,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND balance_points >= $3`,
      [id, version, Math.max(0, -posting.points), posting.points, posting.lifetimeDelta, posting.tier],
    );
    return updated === 1;
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
