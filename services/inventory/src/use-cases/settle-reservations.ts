import type { SqlExecutor } from '@tillwire/platform';
import type { SettleBatch } from '../db/stock-batch.repository';
import { releasable } from '../domain/availability';
import { fail, ok, type Result } from '../domain/inventory-failure';
import { stockTotals, type ReservationRow, type ReservationState } from '../domain/reservation';
import { changeOn, stockKey, type MovementDraft, type StockRow, type VersionedChange } from '../domain/stock';
import type { InventoryContext } from './inventory-context';
import { decided, retryOnConflict } from './retry-on-conflict';

export interface Settlement {
  readonly kind: 'release' | 'commit';
  readonly status: SettleBatch['status'];
  readonly reason: string | null;
  readonly unexpiredOnly: boolean;
}

/** Reservations to settle and the stock rows they hold, as read or remembered. */
export interface Claim {
  readonly reservations: readonly ReservationRow[];
  readonly stock: readonly StockRow[];
}

/** The claim as it stands now, or its refusal; called again after a lost race. */
export type ReadClaim = () => Promise<Result<Claim>>;

/**
 * A transaction's claim: from this node's memory when it can vouch for it, else read and judged by
 * `judge` (which reservations the settlement takes, or its refusal).
 */
export function transactionClaim(
  ctx: InventoryContext,
  transactionId: string,
  settlement: Settlement,
  judge: (reservations: ReservationState[]) => Result<ReservationRow[]>,
): ReadClaim {
  return async () => {
    const remembered = rememberedClaim(ctx, transactionId, settlement);
    if (remembered) return ok(remembered);
    const { reservations, stock } = await ctx.store.reservations.findWithStock(ctx.store.db, transactionId);
    const claim = judge(reservations);
    return claim.ok ? ok({ reservations: claim.value, stock }) : claim;
  };
}

/**
 * The reservations this node made for the transaction, with their rows as remembered, when it knows
 * them all and they can go ahead: unexpired by this node's clock (if the settlement asks), each row
 * holding at least what is claimed from it. Anything else, a refusal included, is left to a read; the
 * settle statement checks the rest (still active, unexpired by the database's clock, rows unchanged).
 */
function rememberedClaim(ctx: InventoryContext, transactionId: string, settlement: Settlement): Claim | undefined {
  const held = ctx.memory.held(transactionId);
  if (!held) return undefined;
  if (settlement.unexpiredOnly && held.some((r) => r.expiresAt.getTime() <= Date.now())) return undefined;
  const totals = stockTotals(held);
  const stock = ctx.memory.recall(totals);
  if (!stock || totals.some((total, i) => stock[i]!.reserved < total.quantity)) return undefined;
  return { reservations: held.map((r) => ({ ...r, status: 'active' })), stock };
}

/**
 * Settles outside a transaction, in turn with this node's other calls on the same stock rows. The
 * first claim names the rows; it is used as is unless another call on them went first.
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
 * reservation or stock row moved on since the claim, and the claim is taken again (`first` saves the first one).
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
      changes.push(changeOn(row, { onHandDelta: onHandDelta(total.quantity), reservedDelta: -total.quantity }));
    }
    const outcome = await ctx.store.stockBatches.settle(tx, {
      reservations: claim,
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
