import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { ok, type Result } from '../domain/loyalty-failure';
import { decideRedeem } from '../domain/redemption';
import type { LoyaltyContext } from './loyalty-context';
import { postOnce } from './post-once';

/** Pays with points: idempotent by (transactionId, redeem, accountId); never takes the balance below 0. */
export async function redeemPoints(
  ctx: LoyaltyContext,
  { accountId, transactionId, points }: z.output<typeof loyalty.redeemParams>,
): Promise<Result<loyalty.RedeemResult>> {
  const posted = await postOnce(ctx, accountId, { transactionId, sourceId: transactionId }, (account, entries) =>
    decideRedeem(account, entries, transactionId, points),
  );
  if (!posted.ok) return posted;
  const { entry, standing } = posted.value;
  return ok({ entryId: entry.id, balancePoints: standing.balancePoints });
}
