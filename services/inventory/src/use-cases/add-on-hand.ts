import type { SqlExecutor } from '@tillwire/platform';
import type { StockLine } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import type { MovementDraft, StockRow } from '../domain/stock';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';

/**
 * Goods coming in (a receipt, a refund's restock): on hand += q per line, creating missing stock
 * rows at zero, each change a version-checked update, and one movement per line saying why.
 */
export async function addOnHand(
  ctx: InventoryContext,
  tx: SqlExecutor,
  locationCode: string,
  lines: readonly StockLine[],
  why: Pick<MovementDraft, 'kind' | 'reference' | 'reason'>,
): Promise<Result<StockRow[]>> {
  await ctx.store.stockLevels.ensure(tx, lines.map((line) => line.sku), locationCode);
  const rows: StockRow[] = [];
  for (const line of lines) {
    const changed = await changeStockLevel(ctx, tx, { sku: line.sku, locationCode, onHandDelta: line.quantity, reservedDelta: 0 });
    if (!changed.ok) return changed;
    rows.push(changed.value);
  }
  await ctx.store.movements.append(
    tx,
    lines.map((line) => ({ sku: line.sku, locationCode, onHandDelta: line.quantity, reservedDelta: 0, ...why })),
  );
  return ok(rows);
}
