import type { Account } from './account';
import { entryOfKind, type Decision, type Entry } from './posting';
import { pointsEarned, tierFor, type LoyaltyRules } from './tiers';

/**
 * Award points for a completed transaction, once: earned at the tier the lifetime points held before
 * (the threshold is the truth; the stored tier is its cache), and the tier recomputed after.
 * A repeat replays the first entry whatever amount it carries.
 */
export function decideAccrue(rules: LoyaltyRules, account: Account, entries: readonly Entry[], amountMinor: number): Decision {
  const accrued = entryOfKind(entries, 'accrue');
  if (accrued) return { action: 'replay', entry: accrued };
  const earned = pointsEarned(rules, amountMinor, tierFor(rules, account.lifetimePoints));
  return {
    action: 'post',
    posting: { kind: 'accrue', points: earned, lifetimeDelta: earned, tier: tierFor(rules, account.lifetimePoints + earned) },
  };
}
