import type { StockLine } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import { mergeLines } from '../domain/stock-lines';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';
import { requireStockable } from './require-stockable';

export interface RestockInput {
  readonly refundId: string;
  readonly transactionId: string;
  readonly locationCode: string;
  readonly lines: readonly StockLine[];
}

/**
 * Puts refunded goods back on hand. Idempotent by refund id: a repeated refund changes nothing (0).
 * Goods of a product removed since the sale are not restocked; the refund itself goes on.
 */
export async function restockRefund(ctx: InventoryContext, input: RestockInput): Promise<Result<{ restocked: number }>> {
  return ctx.store.transaction(async (tx) => {
    // Two concurrent calls with one refund id queue here, so the second sees the first's movements.
    await ctx.store.movements.lock(tx, `inventory.restock:${input.refundId}`);
    if (await ctx.store.movements.existsWithReference(tx, 'restock', input.refundId)) return ok({ restocked: 0 });
    const sold = mergeLines(input.lines);
    const existing = new Set(await ctx.store.products.holdBySkus(tx, sold.map((line) => line.sku)));
    const lines = sold.filter((line) => existing.has(line.sku));
    if (lines.length === 0) return ok({ restocked: 0 });
    const skus = lines.map((line) => line.sku);
    const known = await requireStockable(ctx, tx, skus, input.locationCode, { hold: true });
    if (!known.ok) return known;
    await ctx.store.stockLevels.ensure(tx, skus, input.locationCode);
    for (const line of lines) {
      const change = { sku: line.sku, locationCode: input.locationCode, onHandDelta: line.quantity, reservedDelta: 0 };
      const changed = await changeStockLevel(ctx, tx, change);
      if (!changed.ok) return changed;
    }
    await ctx.store.movements.append(
      tx,
      lines.map((line) => ({
        sku: line.sku,
        locationCode: input.locationCode,
        kind: 'restock' as const,
        onHandDelta: line.quantity,
        reservedDelta: 0,
        reference: input.refundId,
        reason: `refund of transaction ${input.transactionId}`,
      })),
    );
    return ok({ restocked: lines.length });
  });
}
