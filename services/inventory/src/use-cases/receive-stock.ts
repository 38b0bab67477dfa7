import type { inventory, StockLine } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import { toStockLevel } from '../domain/stock';
import { mergeLines } from '../domain/stock-lines';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';
import { requireStockable } from './require-stockable';

export interface ReceiveInput {
  readonly locationCode: string;
  readonly lines: readonly StockLine[];
  readonly reference?: string;
}

/** A goods receipt: on hand += q per line, creating the stock row of a known product if it has none. */
export async function receiveStock(
  ctx: InventoryContext,
  input: ReceiveInput,
): Promise<Result<{ levels: inventory.StockLevel[] }>> {
  const lines = mergeLines(input.lines);
  const skus = lines.map((line) => line.sku);
  return ctx.store.transaction(async (tx) => {
    const known = await requireStockable(ctx, tx, skus, input.locationCode, { hold: true });
    if (!known.ok) return known;
    await ctx.store.stockLevels.ensure(tx, skus, input.locationCode);
    const levels: inventory.StockLevel[] = [];
    for (const line of lines) {
      const change = { sku: line.sku, locationCode: input.locationCode, onHandDelta: line.quantity, reservedDelta: 0 };
      const changed = await changeStockLevel(ctx, tx, change);
      if (!changed.ok) return changed;
      levels.push(toStockLevel(changed.value));
    }
    await ctx.store.movements.append(
      tx,
      lines.map((line) => ({
        sku: line.sku,
        locationCode: input.locationCode,
        kind: 'receipt' as const,
        onHandDelta: line.quantity,
        reservedDelta: 0,
        reference: input.reference ?? null,
        reason: null,
      })),
    );
    return ok({ levels });
  });
}
