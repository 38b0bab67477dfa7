import type { inventory } from '@tillwire/contracts';
import { adjustable } from '../domain/availability';
import { ok, type Result } from '../domain/inventory-failure';
import { toStockLevel } from '../domain/stock';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';
import { requireStockable } from './require-stockable';

export interface AdjustInput {
  readonly locationCode: string;
  readonly sku: string;
  readonly delta: number;
  readonly reason: string;
}

/** A counted correction of on-hand stock, with its reason; it may never take on hand below what is reserved. */
export async function adjustStock(ctx: InventoryContext, input: AdjustInput): Promise<Result<{ level: inventory.StockLevel }>> {
  return ctx.store.transaction(async (tx) => {
    const known = await requireStockable(ctx, tx, [input.sku], input.locationCode, { hold: true });
    if (!known.ok) return known;
    await ctx.store.stockLevels.ensure(tx, [input.sku], input.locationCode);
    const change = { sku: input.sku, locationCode: input.locationCode, onHandDelta: input.delta, reservedDelta: 0 };
    const changed = await changeStockLevel(ctx, tx, change, (row) => adjustable(row, input.delta));
    if (!changed.ok) return changed;
    await ctx.store.movements.append(tx, [{ ...change, kind: 'adjust', reference: null, reason: input.reason }]);
    return ok({ level: toStockLevel(changed.value) });
  });
}
