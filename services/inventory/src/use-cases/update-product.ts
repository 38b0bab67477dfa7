import type { inventory } from '@tillwire/contracts';
import type { ProductPatch } from '../db/product.repository';
import { UniqueViolation } from '../db/unique-violation';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** Changes the given fields of a product; the SKU itself never changes. */
export async function updateProduct(
  ctx: InventoryContext,
  input: { sku: string } & ProductPatch,
): Promise<Result<inventory.Product>> {
  const { sku, ...patch } = input;
  const db = ctx.store.db;
  const current = await ctx.store.products.get(db, sku);
  if (!current) return fail(failures.productsNotFound([sku]));
  if (Object.keys(patch).length === 0) return ok(current);
  if (patch.departmentCode !== undefined && !(await ctx.departmentExists(patch.departmentCode))) {
    return fail(failures.unknownDepartment(patch.departmentCode));
  }
  try {
    return ok(await ctx.store.products.update(db, sku, patch));
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    return fail(failures.alreadyExists('barcode', patch.barcode ?? ''));
  }
}
