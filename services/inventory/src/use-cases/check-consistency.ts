import type { inventory } from '@tillwire/contracts';
import type { z } from 'zod';
import { ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** Compares every stock row with the sum of its movements; any difference is reported. */
export async function checkConsistency(ctx: InventoryContext): Promise<Result<z.infer<typeof inventory.consistencyResult>>> {
  return ok(await ctx.store.stockLevels.consistency(ctx.store.db));
}
