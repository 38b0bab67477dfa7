import { fail, failures, ok, type Result } from './inventory-failure';
import { stockKey } from './stock';

export type ReservationStatus = 'active' | 'released' | 'committed' | 'expired';

export interface ReservationRow {
  readonly id: string;
  readonly transactionId: string;
  readonly sku: string;
  readonly locationCode: string;
  readonly quantity: number;
  readonly status: ReservationStatus;
  readonly expiresAt: Date;
}

export type ReleaseReason = 'cancelled' | 'failed' | 'expired';

export function releasedStatus(reason: ReleaseReason): 'released' | 'expired' {
  return reason === 'expired' ? 'expired' : 'released';
}

/** A reservation as read for settling; `pastTtl` by the database's clock, which every TTL check uses. */
export interface ReservationState extends ReservationRow {
  readonly pastTtl: boolean;
}

/**
 * What a commit claims: the transaction's active reservations, all or nothing. Already committed
 * ones are skipped (a repeat commits none); anything released, expired or active past its TTL makes
 * the whole commit `reservation_expired`.
 */
export function commitClaim<R extends Pick<ReservationState, 'status' | 'pastTtl'>>(
  transactionId: string,
  all: readonly R[],
): Result<R[]> {
  if (all.length === 0) return fail(failures.reservationsNotFound(transactionId));
  const lapsed = all.some((r) => r.status === 'released' || r.status === 'expired' || (r.status === 'active' && r.pastTtl));
  return lapsed ? fail(failures.reservationExpired(transactionId)) : ok(all.filter((r) => r.status === 'active'));
}

/**
 * A repeated reserve for a transaction that already holds reservations answers with them, unless they
 * were released or expired: then nothing is held any more and success would mislead the caller.
 */
export function replayVerdict(
  transactionId: string,
  existing: readonly Pick<ReservationRow, 'status'>[],
): Result<void> {
  return existing.some((r) => r.status === 'released' || r.status === 'expired')
    ? fail(failures.reservationExpired(transactionId))
    : ok(undefined);
}

/** Quantities per SKU and location, summed: one stock change per stock row. */
export function stockTotals(rows: readonly Pick<ReservationRow, 'sku' | 'locationCode' | 'quantity'>[]) {
  const totals = new Map<string, { sku: string; locationCode: string; quantity: number }>();
  for (const row of rows) {
    const key = stockKey(row.sku, row.locationCode);
    const total = totals.get(key);
    if (total) total.quantity += row.quantity;
    else totals.set(key, { sku: row.sku, locationCode: row.locationCode, quantity: row.quantity });
  }
  return [...totals.values()];
}
