import type { inventory } from '@tillwire/contracts';
import { UniqueViolation } from '../db/unique-violation';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** A new product; its SKU and barcode must both be unused (`already_exists` names the one that is not). */
export async function createProduct(ctx: InventoryContext, input: inventory.Product): Promise<Result<inventory.Product>> {
  const db = ctx.store.db;
  if (!(await ctx.departmentExists(input.departmentCode))) return fail(failures.unknownDepartment(input.departmentCode));
  try {
    return ok(await ctx.store.products.create(db, input));
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    const field = (await ctx.store.products.conflictOf(db, input.sku, input.barcode)) ?? 'sku';
    return fail(failures.alreadyExists(field, field === 'sku' ? input.sku : (input.barcode ?? '')));
  }
}
