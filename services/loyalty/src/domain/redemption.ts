import type { Account } from './account';
import { fail, failures, ok, type Result } from './loyalty-failure';
import { entryOfKind, type Decision, type Entry } from './posting';
import type { LoyaltyRules } from './tiers';

/** The points a payment of `amountMinor` takes: it must be worth a whole number of points. */
export function pointsToRedeem({ pointValueMinor }: LoyaltyRules, amountMinor: number): Result<number> {
  if (amountMinor % pointValueMinor !== 0) return fail(failures.notWholePoints(amountMinor, pointValueMinor));
  return ok(amountMinor / pointValueMinor);
}

/** The points a refund of `amountMinor` of a points payment gives back: whole points, rounded down. */
export function pointsToRefund({ pointValueMinor }: LoyaltyRules, amountMinor: number): number {
  return Math.floor(amountMinor / pointValueMinor);
}

/**
 * Redeem `points` for a transaction: a repeat replays the first entry; a repeat with another amount,
 * or a redeem after the transaction's reversal, is refused; the balance never goes below 0.
 */
export function decideRedeem(
  account: Account,
  entries: readonly Entry[],
  transactionId: string,
  points: number,
): Decision {
  if (entryOfKind(entries, 'reverse')) {
    return { action: 'refuse', failure: failures.reversed(account.id, transactionId) };
  }
  const redeemed = entryOfKind(entries, 'redeem');
  if (redeemed) {
    if (-redeemed.points === points) return { action: 'replay', entry: redeemed };
    return {
      action: 'refuse',
      failure: failures.differentPoints(account.id, transactionId, -redeemed.points, points),
    };
  }
  if (account.balancePoints < points) {
    return { action: 'refuse', failure: failures.insufficientPoints(account.id, account.balancePoints, points) };
  }
  return { action: 'post', posting: { kind: 'redeem', points: -points, lifetimeDelta: 0, tier: account.tier } };
}

/**
 * Give back `points` of what the transaction redeemed, once per refund: a repeat replays the first
 * entry (or is refused with another amount); all refunds together stay within the redeemed points,
 * and a reversed redemption has nothing left to refund.
 */
export function decideRefund(account: Account, entries: readonly Entry[], transactionId: string, refundId: string, points: number): Decision {
  const earlier = entries.find((entry) => entry.kind === 'refund' && entry.sourceId === refundId);
  if (earlier) {
    if (earlier.points === points) return { action: 'replay', entry: earlier };
    return { action: 'refuse', failure: failures.differentPoints(account.id, transactionId, earlier.points, points) };
  }
  const redeemed = entryOfKind(entries, 'reverse') ? 0 : -(entryOfKind(entries, 'redeem')?.points ?? 0);
  const refunded = entries.filter((entry) => entry.kind === 'refund').reduce((sum, entry) => sum + entry.points, 0);
  if (points > redeemed - refunded) {
    return { action: 'refuse', failure: failures.exceedsRedeemed(account.id, transactionId, redeemed - refunded, points) };
  }
  return { action: 'post', posting: { kind: 'refund', points, lifetimeDelta: 0, tier: account.tier } };
}

/**
 * Give back what the transaction redeemed. With nothing redeemed it still posts a 0-point reversal,
 * which makes a late redeem of the same transaction refuse instead of charging an undone payment.
 */
export function decideReverse(account: Account, entries: readonly Entry[]): Decision {
  const reversed = entryOfKind(entries, 'reverse');
  if (reversed) return { action: 'replay', entry: reversed };
  const redeemed = entryOfKind(entries, 'redeem');
  return {
    action: 'post',
    posting: { kind: 'reverse', points: redeemed ? -redeemed.points : 0, lifetimeDelta: 0, tier: account.tier },
  };
}
