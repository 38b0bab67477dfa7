import type { SqlExecutor } from '@tillwire/platform';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** Stock can be kept only for products that exist, at a location that exists. */
export async function requireStockable(
  ctx: InventoryContext,
  tx: SqlExecutor,
  skus: readonly string[],
  locationCode: string,
): Promise<Result<void>> {
  if (!(await ctx.store.locations.exists(tx, locationCode))) return fail(failures.locationNotFound(locationCode));
  const known = new Set((await ctx.store.products.findBySkus(tx, skus)).map((p) => p.sku));
  const unknown = skus.filter((sku) => !known.has(sku));
  return unknown.length > 0 ? fail(failures.productsNotFound(unknown)) : ok(undefined);
}
