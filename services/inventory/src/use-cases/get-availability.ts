import type { inventory } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import { toStockLevel } from '../domain/stock';
import { distinctSkus } from '../domain/stock-lines';
import type { InventoryContext } from './inventory-context';
import { requireStockable } from './require-stockable';

/** Live stock per requested SKU at a location; a known product without a stock row has none. */
export async function getAvailability(
  ctx: InventoryContext,
  input: { skus: readonly string[]; locationCode: string },
): Promise<Result<{ levels: inventory.StockLevel[] }>> {
  const skus = distinctSkus(input.skus);
  const db = ctx.store.db;
  const rows = new Map((await ctx.store.stockLevels.findMany(db, skus, input.locationCode)).map((r) => [r.sku, r]));
  if (rows.size < skus.length) {
    const known = await requireStockable(ctx, db, skus.filter((sku) => !rows.has(sku)), input.locationCode);
    if (!known.ok) return known;
  }
  const empty = { onHand: 0, reserved: 0, locationCode: input.locationCode };
  return ok({ levels: skus.map((sku) => toStockLevel(rows.get(sku) ?? { ...empty, sku })) });
}
