import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { decideAccrue } from '../domain/accrual';
import { ok, type Result } from '../domain/loyalty-failure';
import { tierFor } from '../domain/tiers';
import type { LoyaltyContext } from './loyalty-context';
import { postOnce } from './post-once';

/** Awards points for a completed transaction, once per (transactionId, accountId); moves the tier up. */
export async function accruePoints(
  ctx: LoyaltyContext,
  { accountId, transactionId, amountMinor }: z.output<typeof loyalty.accrueParams>,
): Promise<Result<loyalty.AccrueResult>> {
  const posted = await postOnce(ctx, accountId, { transactionId, sourceId: transactionId }, (account, entries) =>
    decideAccrue(ctx.rules, account, entries, amountMinor),
  );
  if (!posted.ok) return posted;
  const { entry, standing } = posted.value;
  return ok({
    entryId: entry.id,
    points: entry.points,
    balancePoints: standing.balancePoints,
    lifetimePoints: standing.lifetimePoints,
    tier: tierFor(ctx.rules, standing.lifetimePoints),
  });
}
