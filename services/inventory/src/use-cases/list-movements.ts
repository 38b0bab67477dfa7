import type { inventory } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** A page of the movements ledger, newest first, and the cursor of the next (older) page. */
export async function listMovements(
  ctx: InventoryContext,
  input: inventory.ListMovementsParams,
): Promise<Result<{ movements: inventory.StockMovement[]; nextCursor: string | null }>> {
  const rows = await ctx.store.movements.list(ctx.store.db, input);
  const movements = rows.slice(0, input.limit);
  return ok({ movements, nextCursor: rows.length > input.limit ? movements.at(-1)!.id : null });
}
