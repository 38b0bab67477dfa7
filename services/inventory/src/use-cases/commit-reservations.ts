import { ok, type Result } from '../domain/inventory-failure';
import { commitClaim } from '../domain/reservation';
import type { InventoryContext } from './inventory-context';
import { settleInTurn, transactionClaim, type Settlement } from './settle-reservations';

/**
 * Turns a transaction's reservations into a sale, all or nothing. Already committed → 0 and no change;
 * any reservation released, expired or past its TTL → `reservation_expired`.
 */
export async function commitReservations(
  ctx: InventoryContext,
  input: { transactionId: string },
): Promise<Result<{ committed: number }>> {
  const settlement: Settlement = { kind: 'commit', status: 'committed', reason: null, unexpiredOnly: true };
  const claim = transactionClaim(ctx, input.transactionId, settlement, (all) => commitClaim(input.transactionId, all));
  const settled = await settleInTurn(ctx, claim, settlement);
  return settled.ok ? ok({ committed: settled.value.length }) : settled;
}
