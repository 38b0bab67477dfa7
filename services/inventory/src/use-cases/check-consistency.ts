import type { inventory } from '@tillwire/contracts';
import type { z } from 'zod';
import { ok, type Result } from '../domain/inventory-failure';
import { recordConsistencyCheck } from '../inventory.metrics';
import type { InventoryContext } from './inventory-context';

/** Compares every stock row with the sum of its movements; any difference is reported, and kept as a metric. */
export async function checkConsistency(ctx: InventoryContext): Promise<Result<z.infer<typeof inventory.consistencyResult>>> {
  const result = await ctx.store.stockLevels.consistency(ctx.store.db);
  recordConsistencyCheck(result.mismatches.length);
  return ok(result);
}
