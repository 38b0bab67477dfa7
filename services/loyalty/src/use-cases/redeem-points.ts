import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { ok, type Result } from '../domain/loyalty-failure';
import { decideRedeem, pointsToRedeem } from '../domain/redemption';
import type { LoyaltyContext } from './loyalty-context';
import { postOnce } from './post-once';

/**
 * Pays `amountMinor` with points, at the configured redemption value: idempotent by (transactionId,
 * redeem, accountId); never takes the balance below 0.
 */
export async function redeemPoints(
  ctx: LoyaltyContext,
  { accountId, transactionId, amountMinor }: z.output<typeof loyalty.redeemParams>,
): Promise<Result<loyalty.RedeemResult>> {
  const toRedeem = pointsToRedeem(ctx.rules, amountMinor);
  if (!toRedeem.ok) return toRedeem;
  const points = toRedeem.value;
  const posted = await postOnce(ctx, accountId, { transactionId, sourceId: transactionId }, (account, entries) =>
    decideRedeem(account, entries, transactionId, points),
  );
  if (!posted.ok) return posted;
  const { entry, standing } = posted.value;
  return ok({ entryId: entry.id, points: -entry.points, balancePoints: standing.balancePoints });
}
