import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { ok, type Result } from '../domain/loyalty-failure';
import { decideReverse } from '../domain/redemption';
import type { LoyaltyContext } from './loyalty-context';
import { postOnce } from './post-once';

/** The compensation of redeem: restores what the transaction redeemed (0 when nothing); idempotent. */
export async function reverseRedemption(
  ctx: LoyaltyContext,
  { accountId, transactionId }: z.output<typeof loyalty.reverseParams>,
): Promise<Result<loyalty.ReverseResult>> {
  const posted = await postOnce(ctx, accountId, { transactionId, sourceId: transactionId }, decideReverse);
  if (!posted.ok) return posted;
  const { entry, standing } = posted.value;
  return ok({ entryId: entry.id, reversedPoints: entry.points, balancePoints: standing.balancePoints });
}
