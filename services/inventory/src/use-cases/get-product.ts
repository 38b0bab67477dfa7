import type { inventory } from '@tillwire/contracts';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

export async function getProduct(ctx: InventoryContext, input: { sku: string }): Promise<Result<inventory.Product>> {
  const product = await ctx.store.products.get(ctx.store.db, input.sku);
  return product ? ok(product) : fail(failures.productsNotFound([input.sku]));
}
