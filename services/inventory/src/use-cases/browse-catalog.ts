import type { CatalogItem } from '../db/product.repository';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import { searchTerm } from '../domain/product-search';
import type { InventoryContext } from './inventory-context';

/** A department's active products with live availability at a location, priced in the store's currency: the terminal's menu. */
export async function browseCatalog(
  ctx: InventoryContext,
  input: { departmentCode: string; locationCode: string; q?: string },
): Promise<Result<{ products: CatalogItem[]; currency: string }>> {
  const db = ctx.store.db;
  if (!(await ctx.store.locations.exists(db, input.locationCode))) return fail(failures.locationNotFound(input.locationCode));
  const products = await ctx.store.products.catalog(db, {
    departmentCode: input.departmentCode,
    locationCode: input.locationCode,
    term: searchTerm(input.q),
  });
  return ok({ products, currency: ctx.currency });
}
