import { backoffDelayMs } from '@tillwire/platform';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { StockKey } from '../domain/stock';
import type { AttemptOutcome } from '../domain/stock-attempts';
import { countVersionConflicts } from '../inventory.metrics';
import type { InventoryContext } from './inventory-context';

/** One optimistic attempt: read (or recall), check the rules, then one conditional write. */
export type Attempt<T> =
  | { readonly kind: 'applied'; readonly value: T }
  /** Decided without writing: refused by a rule, or nothing (left) to do. */
  | { readonly kind: 'decided'; readonly result: Result<T> }
  /** Another writer changed the row at `at` since it was read or remembered; nothing was written. */
  | { readonly kind: 'lost'; readonly at: StockKey };

export const decided = <T>(result: Result<T>): Attempt<T> => ({ kind: 'decided', result });

/**
 * Optimistic locking: runs `attempt` until it applies or decides; a lost race reads again after a
 * jittered backoff, a bounded number of times, then gives up with stock_contention.
 */
export async function retryOnConflict<T>(ctx: InventoryContext, attempt: () => Promise<Attempt<T>>): Promise<Result<T>> {
  const { maxAttempts } = ctx.retry;
  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (outcome.kind === 'applied') {
      tally(ctx, n, n - 1, 'applied');
      return ok(outcome.value);
    }
    if (outcome.kind === 'decided') {
      tally(ctx, n - 1, n - 1, outcome.result.ok ? 'superseded' : 'rejected');
      return outcome.result;
    }
    if (n >= maxAttempts) {
      tally(ctx, n, n, 'contention');
      return fail(failures.stockContention(outcome.at.sku, outcome.at.locationCode, n));
    }
    await ctx.sleep(backoffDelayMs(ctx.retry, n));
  }
}

/** Into the node's tally and the version-conflict metric. */
function tally(ctx: InventoryContext, updates: number, lostRaces: number, outcome: AttemptOutcome): void {
  ctx.attempts.record(updates, lostRaces, outcome);
  countVersionConflicts(lostRaces, outcome);
}
