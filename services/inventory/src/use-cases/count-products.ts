import { ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** How many products, active or not, a department has: it cannot be removed while it has any. */
export async function countProducts(ctx: InventoryContext, { departmentCode }: { departmentCode: string }): Promise<Result<{ count: number }>> {
  return ok({ count: await ctx.store.products.countByDepartment(ctx.store.db, departmentCode) });
}
