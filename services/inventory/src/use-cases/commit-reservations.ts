import { ok, type Result } from '../domain/inventory-failure';
import { commitClaim } from '../domain/reservation';
import type { InventoryContext } from './inventory-context';
import { settleInTurn } from './settle-reservations';

/**
 * Turns a transaction's reservations into a sale, all or nothing. Already committed → 0 and no change;
 * any reservation released, expired or past its TTL → `reservation_expired`.
 */
export async function commitReservations(
  ctx: InventoryContext,
  input: { transactionId: string },
): Promise<Result<{ committed: number }>> {
  const settled = await settleInTurn(
    ctx,
    async () => {
      const { reservations, stock } = await ctx.store.reservations.findWithStock(ctx.store.db, input.transactionId);
      const claim = commitClaim(input.transactionId, reservations);
      return claim.ok ? ok({ reservations: claim.value, stock }) : claim;
    },
    { kind: 'commit', status: 'committed', reason: null, unexpiredOnly: true },
  );
  return settled.ok ? ok({ committed: settled.value.length }) : settled;
}
