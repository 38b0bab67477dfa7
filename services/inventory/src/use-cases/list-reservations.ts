import type { inventory } from '@tillwire/contracts';
import { ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';

/** Stock held by checkouts right now, soonest to expire first. */
export async function listReservations(
  ctx: InventoryContext,
  input: { locationCode?: string | undefined; limit: number },
): Promise<Result<{ reservations: inventory.LiveReservation[] }>> {
  return ok({ reservations: await ctx.store.reservations.listActive(ctx.store.db, input) });
}
