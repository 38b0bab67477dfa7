import type { SqlExecutor } from '@tillwire/platform';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/**
 * Stock can be kept only for products that exist, at a location that exists. A transaction that is
 * about to write stock passes `hold`: its products then cannot be removed until it ends, so it never
 * writes a stock row for a product a concurrent removal has just deleted.
 */
export async function requireStockable(
  ctx: InventoryContext,
  tx: SqlExecutor,
  skus: readonly string[],
  locationCode: string,
  { hold = false }: { hold?: boolean } = {},
): Promise<Result<void>> {
  if (!(await ctx.store.locations.exists(tx, locationCode))) return fail(failures.locationNotFound(locationCode));
  const known = new Set(
    hold ? await ctx.store.products.holdBySkus(tx, skus) : (await ctx.store.products.findBySkus(tx, skus)).map((p) => p.sku),
  );
  const unknown = skus.filter((sku) => !known.has(sku));
  return unknown.length > 0 ? fail(failures.productsNotFound(unknown)) : ok(undefined);
}
