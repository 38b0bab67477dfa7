import type { loyalty } from '@tillwire/contracts';
import type { Account } from './account';
import type { LoyaltyFailure } from './loyalty-failure';
import type { Tier } from './tiers';

export type EntryKind = loyalty.EntryKind;

export interface Entry {
  readonly id: number;
  readonly accountId: string;
  readonly transactionId: string;
  /** The transaction, or for a refund entry the refund. */
  readonly sourceId: string;
  readonly kind: EntryKind;
  /** Signed change of the balance: accrue, reverse and refund positive, redeem negative. */
  readonly points: number;
  readonly createdAt: Date;
}

/** One ledger entry and the change of the account it records. */
export interface Posting {
  readonly kind: EntryKind;
  readonly points: number;
  readonly lifetimeDelta: number;
  /** The account's tier once the posting is applied. */
  readonly tier: Tier;
}

/** What a request does given the account and the entries its transaction already has on it. */
export type Decision =
  | { readonly action: 'post'; readonly posting: Posting }
  | { readonly action: 'replay'; readonly entry: Entry }
  | { readonly action: 'refuse'; readonly failure: LoyaltyFailure };

/** Balance and lifetime points right after an entry was applied. */
export interface Standing {
  readonly balancePoints: number;
  readonly lifetimePoints: number;
}

export function standingAfter(account: Account, posting: Posting): Standing {
  return {
    balancePoints: account.balancePoints + posting.points,
    lifetimePoints: account.lifetimePoints + posting.lifetimeDelta,
  };
}

export function entryOfKind(entries: readonly Entry[], kind: EntryKind): Entry | undefined {
  return entries.find((entry) => entry.kind === kind);
}
