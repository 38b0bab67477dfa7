import type { inventory } from '@tillwire/contracts';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import { distinctSkus } from '../domain/stock-lines';
import type { InventoryContext } from './inventory-context';

/** Prices for a sale: every SKU must name an active product. */
export async function quoteProducts(
  ctx: InventoryContext,
  input: { skus: readonly string[] },
): Promise<Result<{ products: inventory.Product[] }>> {
  const skus = distinctSkus(input.skus);
  const found = new Map(
    (await ctx.store.products.findBySkus(ctx.store.db, skus)).filter((p) => p.active).map((p) => [p.sku, p]),
  );
  const missing = skus.filter((sku) => !found.has(sku));
  if (missing.length > 0) return fail(failures.productsNotFound(missing));
  return ok({ products: skus.map((sku) => found.get(sku)!) });
}
