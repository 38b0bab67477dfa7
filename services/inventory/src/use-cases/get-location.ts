import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

export async function getLocation(ctx: InventoryContext, input: { code: string }): Promise<Result<{ code: string }>> {
  return (await ctx.store.locations.exists(ctx.store.db, input.code)) ? ok({ code: input.code }) : fail(failures.locationNotFound(input.code));
}
