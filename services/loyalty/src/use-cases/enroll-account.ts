import { randomUUID } from 'node:crypto';
import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { accountView } from '../domain/account';
import { fail, failures, ok, type Result } from '../domain/loyalty-failure';
import { tierFor } from '../domain/tiers';
import type { LoyaltyContext } from './loyalty-context';

/** A new account with no points; its id is the caller's (a customer id) or a new UUID. */
export async function enrollAccount(
  ctx: Pick<LoyaltyContext, 'db' | 'accounts' | 'rules'>,
  params: z.output<typeof loyalty.enrollParams>,
): Promise<Result<loyalty.Account>> {
  const account = { id: params.id ?? randomUUID(), name: params.name, email: params.email ?? null };
  switch (await ctx.accounts.insert(ctx.db, account)) {
    case 'inserted':
      return ok(accountView({ ...account, tier: tierFor(ctx.rules, 0), balancePoints: 0, lifetimePoints: 0, version: 0 }));
    case 'id_taken':
      return fail(failures.alreadyExists('id', account.id));
    case 'email_taken':
      return fail(failures.alreadyExists('email', account.email ?? ''));
  }
}
