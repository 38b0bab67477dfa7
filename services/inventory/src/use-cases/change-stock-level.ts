import { backoffDelayMs, type Db } from '@tillwire/platform';
import { fail, failures, ok, type InventoryFailure, type Result } from '../domain/inventory-failure';
import { applied, type StockChange, type StockRow } from '../domain/stock';
import type { InventoryContext } from './inventory-context';

export interface ChangeOptions {
  /** The row as already read in this transaction; saves the first read. */
  readonly current?: StockRow;
  /** The business rule the change must satisfy, checked against every fresh read. */
  readonly guard?: (row: StockRow) => InventoryFailure | undefined;
}

/**
 * Optimistic locking: read the row, check the rule, then one conditional UPDATE on the version read.
 * A lost race (0 rows updated) re-reads and retries after a jittered backoff, a bounded number of times.
 * Returns the row as it reads after the change. The row must exist (callers ensure it).
 */
export async function changeStockLevel(
  ctx: InventoryContext,
  tx: Db,
  change: StockChange,
  options: ChangeOptions = {},
): Promise<Result<StockRow>> {
  const { maxAttempts } = ctx.retry;
  let row = options.current;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    row ??= await ctx.store.stockLevels.find(tx, change.sku, change.locationCode);
    if (!row) throw new Error(`No stock row for ${change.sku} at ${change.locationCode}`);
    const refusal = options.guard?.(row);
    if (refusal) {
      ctx.attempts.record(attempt - 1, attempt - 1, 'rejected');
      return fail(refusal);
    }
    if (await ctx.store.stockLevels.applyIfVersion(tx, change, row.version)) {
      ctx.attempts.record(attempt, attempt - 1, 'applied');
      return ok(applied(row, change));
    }
    row = undefined;
    if (attempt < maxAttempts) await ctx.sleep(backoffDelayMs(ctx.retry, attempt));
  }
  ctx.attempts.record(maxAttempts, maxAttempts, 'contention');
  return fail(failures.stockContention(change.sku, change.locationCode, maxAttempts));
}
