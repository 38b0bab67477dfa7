import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { ok, type Result } from '../domain/loyalty-failure';
import { decideRefund, pointsToRefund } from '../domain/redemption';
import type { LoyaltyContext } from './loyalty-context';
import { postOnce } from './post-once';

/** Gives back the refunded share of a points payment: idempotent by refund, never more than was redeemed. */
export async function refundPoints(
  ctx: LoyaltyContext,
  { accountId, transactionId, refundId, amountMinor }: z.output<typeof loyalty.refundParams>,
): Promise<Result<loyalty.RefundResult>> {
  const points = pointsToRefund(ctx.rules, amountMinor);
  const posted = await postOnce(ctx, accountId, { transactionId, sourceId: refundId }, (account, entries) =>
    decideRefund(account, entries, transactionId, refundId, points),
  );
  if (!posted.ok) return posted;
  const { entry, standing } = posted.value;
  return ok({ entryId: entry.id, points: entry.points, balancePoints: standing.balancePoints });
}
