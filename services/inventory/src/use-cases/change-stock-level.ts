import type { SqlExecutor } from '@tillwire/platform';
import { fail, type InventoryFailure, type Result } from '../domain/inventory-failure';
import { applied, type StockChange, type StockRow } from '../domain/stock';
import type { InventoryContext } from './inventory-context';
import { decided, retryOnConflict } from './retry-on-conflict';

/**
 * Changes one stock row: read it, check `guard` (the business rule, checked against every fresh read),
 * then one UPDATE conditional on the version read, retried on a lost race. Returns the row as it reads
 * after the change. The row must exist (callers ensure it).
 */
export async function changeStockLevel(
  ctx: InventoryContext,
  tx: SqlExecutor,
  change: StockChange,
  guard?: (row: StockRow) => InventoryFailure | undefined,
): Promise<Result<StockRow>> {
  return retryOnConflict(ctx, async () => {
    const row = await ctx.store.stockLevels.find(tx, change.sku, change.locationCode);
    if (!row) throw new Error(`No stock row for ${change.sku} at ${change.locationCode}`);
    const refusal = guard?.(row);
    if (refusal) return decided(fail(refusal));
    if (await ctx.store.stockLevels.applyIfVersion(tx, change, row.version)) return { kind: 'applied', value: applied(row, change) };
    return { kind: 'lost', at: change };
  });
}
