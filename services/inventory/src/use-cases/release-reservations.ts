import { ok, type Result } from '../domain/inventory-failure';
import { releasedStatus, type ReleaseReason } from '../domain/reservation';
import type { InventoryContext } from './inventory-context';
import { settleReservations } from './settle-reservations';

/** Returns a transaction's active reservations to availability; a no-op (0) when none is active. */
export async function releaseReservations(
  ctx: InventoryContext,
  input: { transactionId: string; reason: ReleaseReason },
): Promise<Result<{ released: number }>> {
  return ctx.store.transaction(async (tx) => {
    const claimed = await ctx.store.reservations.claim(tx, input.transactionId, releasedStatus(input.reason), false);
    const settled = await settleReservations(ctx, tx, claimed, 'release', input.reason);
    return settled.ok ? ok({ released: claimed.length }) : settled;
  });
}
