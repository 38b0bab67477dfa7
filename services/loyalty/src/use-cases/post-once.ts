import { backoffDelayMs, type SqlExecutor } from '@tillwire/platform';
import type { Account } from '../domain/account';
import { fail, failures, ok, type Result } from '../domain/loyalty-failure';
import { standingAfter, type Decision, type Entry, type Standing } from '../domain/posting';
import type { EntrySource } from '../db/ledger.repository';
import type { LoyaltyContext } from './loyalty-context';

export interface Posted {
  /** The entry this call wrote, or the one an earlier call with the same source wrote. */
  readonly entry: Entry;
  /** The account right after that entry. */
  readonly standing: Standing;
}

export type Decide = (account: Account, entries: readonly Entry[]) => Decision;

const LOST_RACE = Symbol('lost race');

/**
 * Posts at most one entry of a kind per (source, account): the source is the transaction, or a refund of it. Optimistic locking: read the account,
 * then the transaction's entries, decide, then one conditional UPDATE on the version read and the entry
 * insert, in one database transaction. Reading the account first is what makes a repeat safe: a
 * concurrent twin that committed after that read has changed the version, so this attempt loses the
 * race and its retry sees the twin's entry. A lost race backs off (holding no connection) and retries,
 * a bounded number of times.
 */
export async function postOnce(
  ctx: LoyaltyContext,
  accountId: string,
  source: EntrySource,
  decide: Decide,
): Promise<Result<Posted>> {
  const { maxAttempts } = ctx.retry;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outcome = await ctx.transact((tx) => attemptPosting(ctx, tx, accountId, source, decide));
    if (outcome !== LOST_RACE) return outcome;
    if (attempt < maxAttempts) await ctx.sleep(backoffDelayMs(ctx.retry, attempt));
  }
  return fail(failures.contention(accountId, maxAttempts));
}

async function attemptPosting(
  ctx: LoyaltyContext,
  tx: SqlExecutor,
  accountId: string,
  source: EntrySource,
  decide: Decide,
): Promise<Result<Posted> | typeof LOST_RACE> {
  const account = await ctx.accounts.find(tx, accountId);
  if (!account) return fail(failures.accountNotFound(accountId));
  const decision = decide(account, await ctx.ledger.ofTransaction(tx, accountId, source.transactionId));
  switch (decision.action) {
    case 'refuse':
      return fail(decision.failure);
    case 'replay':
      return ok({ entry: decision.entry, standing: await ctx.ledger.standingAfter(tx, accountId, decision.entry.id) });
    case 'post': {
      const { posting } = decision;
      if (!(await ctx.accounts.applyIfVersion(tx, accountId, account.version, posting))) return LOST_RACE;
      const entry = await ctx.ledger.insert(tx, accountId, source, posting);
      return ok({ entry, standing: standingAfter(account, posting) });
    }
  }
}
