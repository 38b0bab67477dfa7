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
    const claimed = await ctx.store.reservations.claimExpired(tx, batchSize);
    const settled = await settleReservations(ctx, tx, claimed, 'release', 'expired');
    if (!settled.ok) return settled;
    return ok({ expired: claimed.length, transactionIds: [...new Set(claimed.map((r) => r.transactionId))] });
  });
}
