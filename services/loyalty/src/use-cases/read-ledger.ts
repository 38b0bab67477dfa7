import type { loyalty } from '@tillwire/contracts';
import type { z } from 'zod';
import { fail, failures, ok, type Result } from '../domain/loyalty-failure';
import type { Entry } from '../domain/posting';
import type { LoyaltyContext } from './loyalty-context';

/** An account's entries, newest first, a page at a time; `not_found` for an unknown account. */
export async function readLedger(
  ctx: Pick<LoyaltyContext, 'db' | 'accounts' | 'ledger'>,
  { accountId, limit, beforeId }: z.output<typeof loyalty.ledgerParams>,
): Promise<Result<{ entries: loyalty.LedgerEntry[] }>> {
  if (!(await ctx.accounts.find(ctx.db, accountId))) return fail(failures.accountNotFound(accountId));
  const entries = await ctx.ledger.page(ctx.db, accountId, { limit, beforeId });
  return ok({ entries: entries.map(entryView) });
}

function entryView({ id, transactionId, kind, points, createdAt }: Entry): loyalty.LedgerEntry {
  return { id, transactionId, kind, points, createdAt: createdAt.toISOString() };
}
