import type { Db } from '@tillwire/platform';
import { releasable } from '../domain/availability';
import { ok, type Result } from '../domain/inventory-failure';
import { stockTotals, type ReservationRow } from '../domain/reservation';
import { byStockKey, type MovementDraft } from '../domain/stock';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';

/**
 * Gives claimed reservations back to stock: `release` returns them to availability (reserved −= q),
 * `commit` turns them into a sale (on hand −= q, reserved −= q). One stock change per stock row,
 * one movement per reservation.
 */
export async function settleReservations(
  ctx: InventoryContext,
  tx: Db,
  claimed: readonly ReservationRow[],
  kind: 'release' | 'commit',
  reason: string | null,
): Promise<Result<void>> {
  for (const total of stockTotals(claimed).sort(byStockKey)) {
    const changed = await changeStockLevel(
      ctx,
      tx,
      {
        sku: total.sku,
        locationCode: total.locationCode,
        onHandDelta: kind === 'commit' ? -total.quantity : 0,
        reservedDelta: -total.quantity,
      },
      { guard: (row) => releasable(row, total.quantity) },
    );
    if (!changed.ok) return changed;
  }
  await ctx.store.movements.append(
    tx,
    claimed.map(
      (r): MovementDraft => ({
        sku: r.sku,
        locationCode: r.locationCode,
        kind,
        onHandDelta: kind === 'commit' ? -r.quantity : 0,
        reservedDelta: -r.quantity,
        reference: r.transactionId,
        reason,
      }),
    ),
  );
  return ok(undefined);
}
