import type { StockLine } from '@tillwire/contracts';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import { mergeLines } from '../domain/stock-lines';
import { addOnHand } from './add-on-hand';
import type { InventoryContext } from './inventory-context';

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
    // The products left are held already; only the location remains to be checked.
    if (!(await ctx.store.locations.exists(tx, input.locationCode))) return fail(failures.locationNotFound(input.locationCode));
    const added = await addOnHand(ctx, tx, input.locationCode, lines, {
      kind: 'restock',
      reference: input.refundId,
      reason: `refund of transaction ${input.transactionId}`,
    });
    if (!added.ok) return added;
    return ok({ restocked: lines.length });
  });
}
