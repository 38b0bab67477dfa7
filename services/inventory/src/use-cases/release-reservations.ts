import { ok, type Result } from '../domain/inventory-failure';
import { releasedStatus, type ReleaseReason } from '../domain/reservation';
import type { InventoryContext } from './inventory-context';
import { settleInTurn, transactionClaim, type Settlement } from './settle-reservations';

/** Returns a transaction's active reservations to availability; a no-op (0) when none is active. */
export async function releaseReservations(
  ctx: InventoryContext,
  input: { transactionId: string; reason: ReleaseReason },
): Promise<Result<{ released: number }>> {
  const settlement: Settlement = { kind: 'release', status: releasedStatus(input.reason), reason: input.reason, unexpiredOnly: false };
  const claim = transactionClaim(ctx, input.transactionId, settlement, (all) => ok(all.filter((r) => r.status === 'active')));
  const settled = await settleInTurn(ctx, claim, settlement);
  return settled.ok ? ok({ released: settled.value.length }) : settled;
}
