import { ok, type Result } from '../domain/inventory-failure';
import type { InventoryContext } from './inventory-context';
import { settleReservations } from './settle-reservations';

export interface SweptBatch {
  /** Reservations this batch expired; a full batch means more may be waiting. */
  readonly expired: number;
  readonly transactionIds: string[];
}

/**
 * Expires one batch of past-due active reservations and returns their stock. Rows another node is
 * sweeping are skipped (SKIP LOCKED), so concurrent sweepers never release the same reservation twice.
 */
export async function sweepExpiredReservations(ctx: InventoryContext, batchSize: number): Promise<Result<SweptBatch>> {
  return ctx.store.transaction(async (tx) => {
    const due = await ctx.store.reservations.lockExpired(tx, batchSize);
    if (due.length === 0) return ok({ expired: 0, transactionIds: [] });
    // The reservations stay locked by this transaction, so only their stock rows need reading again.
    const read = async () => ok({ reservations: due, stock: await ctx.store.stockLevels.findByKeys(tx, due) });
    const settled = await settleReservations(ctx, tx, read, { kind: 'release', status: 'expired', reason: 'expired', unexpiredOnly: false });
    if (!settled.ok) return settled;
    return ok({ expired: due.length, transactionIds: [...new Set(due.map((r) => r.transactionId))] });
  });
}
