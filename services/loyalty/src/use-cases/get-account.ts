import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { accountView } from '../domain/account';
import { fail, failures, ok, type Result } from '../domain/loyalty-failure';
import type { LoyaltyContext } from './loyalty-context';

export async function getAccount(
  ctx: Pick<LoyaltyContext, 'db' | 'accounts'>,
  { id }: z.output<typeof loyalty.getAccountParams>,
): Promise<Result<loyalty.Account>> {
  const account = await ctx.accounts.find(ctx.db, id);
  return account ? ok(accountView(account)) : fail(failures.accountNotFound(id));
}
