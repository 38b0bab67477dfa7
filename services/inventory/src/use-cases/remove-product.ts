import type { inventory } from '@tillwire/contracts';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import { removalRefusal } from '../domain/product-removal';
import type { InventoryContext } from './inventory-context';

/**
 * Deletes a product that holds no stock, with its all-zero stock rows, in one transaction. The product
 * and its stock rows are locked before the check, so a receipt or reservation either finishes first
 * (and the removal is refused) or finds the product gone. Its movements stay as history.
 */
export async function removeProduct(ctx: InventoryContext, { sku }: { sku: string }): Promise<Result<inventory.Product>> {
  return ctx.store.transaction(async (tx) => {
    const product = await ctx.store.products.lock(tx, sku);
    if (!product) return fail(failures.productsNotFound([sku]));
    const refusal = removalRefusal(sku, await ctx.store.stockLevels.lockBySku(tx, sku));
    if (refusal) return fail(refusal);
    await ctx.store.stockLevels.removeBySku(tx, sku);
    await ctx.store.products.remove(tx, sku);
    return ok(product);
  });
}
