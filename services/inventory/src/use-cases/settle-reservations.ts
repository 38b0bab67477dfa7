import type { SqlExecutor } from '@tillwire/platform';
import type { SettleBatch } from '../db/stock-batch.repository';
import { releasable } from '../domain/availability';
import { fail, ok, type Result } from '../domain/inventory-failure';
import { stockTotals, type ReservationRow } from '../domain/reservation';
import { stockKey, type MovementDraft, type StockRow, type VersionedChange } from '../domain/stock';
import type { InventoryContext } from './inventory-context';
import { decided, retryOnConflict } from './retry-on-conflict';

export interface Settlement {
  readonly kind: 'release' | 'commit';
  readonly status: SettleBatch['status'];
  readonly reason: string | null;
  readonly unexpiredOnly: boolean;
}

/** Reservations to settle and the stock rows they hold, as read. */
export interface Claim {
  readonly reservations: readonly ReservationRow[];
  readonly stock: readonly StockRow[];
}

/** Reads the claim afresh, or refuses it. */
export type ReadClaim = () => Promise<Result<Claim>>;

/**
 * Settles outside a transaction, in turn with this node's other calls on the same stock rows. The
 * first read names the rows; it is used as is unless another call on them went first.
 */
export async function settleInTurn(ctx: InventoryContext, read: ReadClaim, settlement: Settlement): Promise<Result<ReservationRow[]>> {
  const first = await read();
  if (!first.ok) return first;
  const rows = first.value.reservations.map((r) => stockKey(r.sku, r.locationCode));
  return ctx.queue.run(rows, (waited) => settleReservations(ctx, ctx.store.db, read, settlement, waited ? undefined : first.value));
}

/**
 * Gives claimed reservations back to stock: `release` returns them to availability (reserved −= q),
 * `commit` turns them into a sale (on hand −= q, reserved −= q). One version-checked statement claims
 * them, changes each stock row once and writes one movement per reservation; it writes nothing when a
 * reservation or stock row moved on since the read, and the read is repeated (`first` saves the first one).
 * Returns the reservations settled.
 */
export async function settleReservations(
  ctx: InventoryContext,
  tx: SqlExecutor,
  read: ReadClaim,
  settlement: Settlement,
  first?: Claim,
): Promise<Result<ReservationRow[]>> {
  const { kind, status, reason, unexpiredOnly } = settlement;
  // A sale takes the goods off the shelf too; a release only frees them.
  const onHandDelta = (quantity: number) => (kind === 'commit' ? -quantity : 0);
  let known = first;
  return retryOnConflict(ctx, async () => {
    const found = known ? ok(known) : await read();
    known = undefined;
    if (!found.ok) return decided(found);
    const { reservations: claim, stock } = found.value;
    if (claim.length === 0) return decided(ok([]));
    const rows = new Map(stock.map((row) => [stockKey(row.sku, row.locationCode), row]));
    const changes: VersionedChange[] = [];
    for (const total of stockTotals(claim)) {
      const row = rows.get(stockKey(total.sku, total.locationCode));
      if (!row) throw new Error(`No stock row for ${total.sku} at ${total.locationCode}`);
      const refusal = releasable(row, total.quantity);
      if (refusal) return decided(fail(refusal));
      const { sku, locationCode, quantity } = total;
      changes.push({ sku, locationCode, onHandDelta: onHandDelta(quantity), reservedDelta: -quantity, version: row.version });
    }
    const outcome = await ctx.store.stockBatches.settle(tx, {
      reservationIds: claim.map((r) => r.id),
      status,
      unexpiredOnly,
      changes,
      movements: claim.map(
        (r): MovementDraft => ({
          sku: r.sku,
          locationCode: r.locationCode,
          kind,
          onHandDelta: onHandDelta(r.quantity),
          reservedDelta: -r.quantity,
          reference: r.transactionId,
          reason,
        }),
      ),
    });
    return outcome.kind === 'applied' ? { kind: 'applied', value: [...claim] } : outcome;
  });
}
