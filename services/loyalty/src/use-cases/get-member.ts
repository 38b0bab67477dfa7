import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { accountView } from '../domain/account';
import { fail, failures, ok, type Result } from '../domain/loyalty-failure';
import type { LoyaltyContext } from './loyalty-context';

/** A member for the till: the account, and what its points can pay now (points × their value). */
export async function getMember(
  ctx: Pick<LoyaltyContext, 'db' | 'accounts' | 'rules'>,
  { id }: z.output<typeof loyalty.getAccountParams>,
): Promise<Result<loyalty.Member>> {
  const account = await ctx.accounts.find(ctx.db, id);
  if (!account) return fail(failures.accountNotFound(id));
  const { pointValueMinor } = ctx.rules;
  // Both factors are safe integers, their product need not be: a balance worth more pays at most that.
  const redeemableMinor = Math.min(account.balancePoints * pointValueMinor, Number.MAX_SAFE_INTEGER);
  return ok({ ...accountView(account), pointValueMinor, redeemableMinor });
}
