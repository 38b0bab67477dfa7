import { randomUUID } from 'node:crypto';
import type { StockLine } from '@tillwire/contracts';
import type { Db } from '@tillwire/platform';
import type { NewReservation } from '../db/reservation.repository';
import { UniqueViolation } from '../db/unique-violation';
import { reservable } from '../domain/availability';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import { replayVerdict, type ReservationRow } from '../domain/reservation';
import { mergeLines } from '../domain/stock-lines';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';
import { requireStockable } from './require-stockable';

export interface ReserveInput {
  readonly transactionId: string;
  readonly locationCode: string;
  readonly lines: readonly StockLine[];
  readonly expiresAt: Date;
}

export interface Reserved {
  readonly reservationIds: string[];
  readonly expiresAt: Date;
}

/**
 * Reserves every line of a transaction or none. Idempotent by transaction id: a transaction that
 * already holds reservations gets them back, also when a concurrent call for it wins the insert
 * (`reservation_expired` once they were released or expired).
 */
export async function reserveStock(ctx: InventoryContext, input: ReserveInput): Promise<Result<Reserved>> {
  let result: Result<Reserved>;
  try {
    result = await ctx.store.transaction(async (tx) => {
      const existing = await ctx.store.reservations.findByTransaction(tx, input.transactionId);
      return existing.length > 0 ? replayed(input.transactionId, existing) : reserveLines(ctx, tx, input);
    });
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    return replayWinner(ctx, input.transactionId, error);
  }
  // A concurrent call for the same transaction may have taken the stock this one was refused.
  return result.ok ? result : replayWinner(ctx, input.transactionId, result);
}

/** The winning twin's reservations if there is one; otherwise this call's own outcome. */
async function replayWinner(
  ctx: InventoryContext,
  transactionId: string,
  lost: Result<Reserved> | UniqueViolation,
): Promise<Result<Reserved>> {
  const winner = await ctx.store.reservations.findByTransaction(ctx.store.db, transactionId);
  if (winner.length > 0) return replayed(transactionId, winner);
  if (lost instanceof UniqueViolation) throw lost;
  return lost;
}

function replayed(transactionId: string, existing: readonly ReservationRow[]): Result<Reserved> {
  const verdict = replayVerdict(transactionId, existing);
  return verdict.ok ? ok({ reservationIds: existing.map((r) => r.id), expiresAt: existing[0]!.expiresAt }) : verdict;
}

async function reserveLines(ctx: InventoryContext, tx: Db, input: ReserveInput): Promise<Result<Reserved>> {
  const lines = mergeLines(input.lines);
  const skus = lines.map((line) => line.sku);
  const rows = new Map((await ctx.store.stockLevels.findMany(tx, skus, input.locationCode)).map((r) => [r.sku, r]));
  const unstocked = skus.filter((sku) => !rows.has(sku));
  if (unstocked.length > 0) {
    const known = await requireStockable(ctx, tx, unstocked, input.locationCode);
    if (!known.ok) return known;
    // A known product without a stock row at this location has nothing to reserve.
    const sku = unstocked[0]!;
    return fail(failures.insufficientStock(sku, quantityOf(lines, sku), 0));
  }
  // Refuse early from the first read; the conditional updates below check again on every attempt.
  for (const line of lines) {
    const refusal = reservable(rows.get(line.sku)!, line.quantity);
    if (refusal) return fail(refusal);
  }
  // Rows are inserted before the stock updates so the hot stock-row locks are held for the shortest time.
  const reservations: NewReservation[] = lines.map((line) => ({
    id: randomUUID(),
    transactionId: input.transactionId,
    sku: line.sku,
    locationCode: input.locationCode,
    quantity: line.quantity,
    expiresAt: input.expiresAt,
  }));
  await ctx.store.reservations.insert(tx, reservations);
  await ctx.store.movements.append(
    tx,
    reservations.map((r) => ({
      sku: r.sku,
      locationCode: r.locationCode,
      kind: 'reserve' as const,
      onHandDelta: 0,
      reservedDelta: r.quantity,
      reference: r.transactionId,
      reason: null,
    })),
  );
  for (const line of lines) {
    const changed = await changeStockLevel(
      ctx,
      tx,
      { sku: line.sku, locationCode: input.locationCode, onHandDelta: 0, reservedDelta: line.quantity },
      { current: rows.get(line.sku), guard: (row) => reservable(row, line.quantity) },
    );
    if (!changed.ok) return changed;
  }
  return ok({ reservationIds: reservations.map((r) => r.id), expiresAt: input.expiresAt });
}

function quantityOf(lines: readonly StockLine[], sku: string): number {
  return lines.find((line) => line.sku === sku)?.quantity ?? 0;
}
