import { ok, type Result } from '../domain/inventory-failure';
import { commitVerdict } from '../domain/reservation';
import type { InventoryContext } from './inventory-context';
import { settleReservations } from './settle-reservations';

/**
 * Turns a transaction's reservations into a sale, all or nothing. Already committed → 0 and no change;
 * any reservation released, expired or past its TTL → `reservation_expired`.
 */
export async function commitReservations(
  ctx: InventoryContext,
  input: { transactionId: string },
): Promise<Result<{ committed: number }>> {
  return ctx.store.transaction(async (tx) => {
    const claimed = await ctx.store.reservations.claim(tx, input.transactionId, 'committed', true);
    const verdict = commitVerdict(input.transactionId, await ctx.store.reservations.findByTransaction(tx, input.transactionId));
    if (!verdict.ok) return verdict;
    const settled = await settleReservations(ctx, tx, claimed, 'commit', null);
    return settled.ok ? ok({ committed: claimed.length }) : settled;
  });
}
