import type { inventory, StockLine } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import { toStockLevel } from '../domain/stock';
import { mergeLines } from '../domain/stock-lines';
import { addOnHand } from './add-on-hand';
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
    const added = await addOnHand(ctx, tx, input.locationCode, lines, { kind: 'receipt', reference: input.reference ?? null, reason: null });
    if (!added.ok) return added;
    return ok({ levels: added.value.map(toStockLevel) });
  });
}
