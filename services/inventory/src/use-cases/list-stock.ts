import type { inventory } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import { searchTerm } from '../domain/product-search';
import type { InventoryContext } from './inventory-context';

/** The stock page of the admin console: every product's levels at a location, filtered like the product list. */
export async function listStock(
  ctx: InventoryContext,
  input: { locationCode: string; departmentCode?: string | undefined; q?: string | undefined; limit: number },
): Promise<Result<{ levels: inventory.ProductStock[] }>> {
  const levels = await ctx.store.products.stock(ctx.store.db, {
    locationCode: input.locationCode,
    limit: input.limit,
    departmentCode: input.departmentCode,
    term: searchTerm(input.q),
  });
  return ok({ levels });
}
