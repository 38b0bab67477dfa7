import type { RetryPolicy, SqlExecutor, UnitOfWork } from '@tillwire/platform';
import type { AccountsRepository } from '../db/accounts.repository';
import type { LedgerRepository } from '../db/ledger.repository';
import type { LoyaltyRules } from '../domain/tiers';

/** What every loyalty use case receives first; each uses the part it needs. */
export interface LoyaltyContext {
  /** The pool, for reads that are one statement and need no transaction. */
  readonly db: SqlExecutor;
  readonly transact: UnitOfWork;
  readonly accounts: AccountsRepository;
  readonly ledger: LedgerRepository;
  readonly rules: LoyaltyRules;
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
}
