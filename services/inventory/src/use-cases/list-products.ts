import type { inventory } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import { searchTerm } from '../domain/product-search';
import type { InventoryContext } from './inventory-context';

/** Admin view of products, active or not, optionally of one department and matching `q`. */
export async function listProducts(
  ctx: InventoryContext,
  input: { departmentCode?: string; q?: string },
): Promise<Result<{ products: inventory.Product[] }>> {
  const products = await ctx.store.products.list(ctx.store.db, {
    departmentCode: input.departmentCode,
    term: searchTerm(input.q),
  });
  return ok({ products });
}
