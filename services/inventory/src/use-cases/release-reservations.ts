import { ok, type Result } from '../domain/inventory-failure';
import { releasedStatus, type ReleaseReason } from '../domain/reservation';
import type { InventoryContext } from './inventory-context';
import { settleInTurn } from './settle-reservations';

/** Returns a transaction's active reservations to availability; a no-op (0) when none is active. */
export async function releaseReservations(
  ctx: InventoryContext,
  input: { transactionId: string; reason: ReleaseReason },
): Promise<Result<{ released: number }>> {
  const settled = await settleInTurn(
    ctx,
    async () => {
      const { reservations, stock } = await ctx.store.reservations.findWithStock(ctx.store.db, input.transactionId);
      return ok({ reservations: reservations.filter((r) => r.status === 'active'), stock });
    },
    { kind: 'release', status: releasedStatus(input.reason), reason: input.reason, unexpiredOnly: false },
  );
  return settled.ok ? ok({ released: settled.value.length }) : settled;
}
