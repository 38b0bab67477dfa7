import { randomUUID } from 'node:crypto';
import type { StockLine } from '@tillwire/contracts';
import type { NewReservation } from '../db/reservation.repository';
import { UniqueViolation } from '../db/unique-violation';
import { reservable } from '../domain/availability';
import { fail, failures, ok, type Result } from '../domain/inventory-failure';
import { replayVerdict, type ReservationRow } from '../domain/reservation';
import { changeOn, stockKey, type StockRow, type VersionedChange } from '../domain/stock';
import { mergeLines } from '../domain/stock-lines';
import type { InventoryContext } from './inventory-context';
import { requireStockable } from './require-stockable';
import { decided, retryOnConflict } from './retry-on-conflict';

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
  let reserved: Result<Reserved | 'held'>;
  try {
    const rows = input.lines.map((line) => stockKey(line.sku, input.locationCode));
    reserved = await ctx.queue.run(rows, () => reserveLines(ctx, input));
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    reserved = ok('held'); // a concurrent call for the transaction inserted first
  }
  if (reserved.ok && reserved.value !== 'held') return ok(reserved.value);
  // Held already, or refused: maybe a concurrent call for the same transaction took the stock.
  const existing = await ctx.store.reservations.findByTransaction(ctx.store.db, input.transactionId);
  if (existing.length > 0) return replayed(input.transactionId, existing);
  if (reserved.ok) throw new Error(`Transaction ${input.transactionId} holds reservations that cannot be read`);
  return reserved;
}

function replayed(transactionId: string, existing: readonly ReservationRow[]): Result<Reserved> {
  const verdict = replayVerdict(transactionId, existing);
  return verdict.ok ? ok({ reservationIds: existing.map((r) => r.id), expiresAt: existing[0]!.expiresAt }) : verdict;
}

/**
 * The rules checked against the lines' stock rows, then one statement that inserts the reservations and
 * movements and changes every row, provided it still reads as checked; a lost race repeats both.
 * 'held' when the transaction already holds reservations.
 */
async function reserveLines(ctx: InventoryContext, input: ReserveInput): Promise<Result<Reserved | 'held'>> {
  const lines = mergeLines(input.lines);
  const reservations: NewReservation[] = lines.map((line) => ({
    id: randomUUID(),
    transactionId: input.transactionId,
    sku: line.sku,
    locationCode: input.locationCode,
    quantity: line.quantity,
    expiresAt: input.expiresAt,
  }));
  return retryOnConflict<Reserved | 'held'>(ctx, async () => {
    const changes = await reservationChanges(ctx, lines, input.locationCode);
    if (!changes.ok) return decided(changes);
    const outcome = await ctx.store.stockBatches.reserve(ctx.store.db, {
      transactionId: input.transactionId,
      reservations,
      changes: changes.value,
      movements: reservations.map((r) => ({
        sku: r.sku,
        locationCode: r.locationCode,
        kind: 'reserve' as const,
        onHandDelta: 0,
        reservedDelta: r.quantity,
        reference: r.transactionId,
        reason: null,
      })),
    });
    if (outcome.kind === 'applied') {
      return { kind: 'applied', value: { reservationIds: reservations.map((r) => r.id), expiresAt: input.expiresAt } };
    }
    return outcome.kind === 'held' ? decided(ok('held')) : outcome;
  });
}

/**
 * The lines' changes, decided on their rows as this node remembers them, or as read when it does not
 * know them all. Memory may be behind (another node received stock), so only a read may refuse.
 */
async function reservationChanges(ctx: InventoryContext, lines: readonly StockLine[], locationCode: string): Promise<Result<VersionedChange[]>> {
  const remembered = ctx.memory.recall(lines.map((line) => ({ sku: line.sku, locationCode })));
  const decidedOnMemory = remembered && changesOn(lines, remembered);
  if (decidedOnMemory?.ok) return decidedOnMemory;
  const skus = lines.map((line) => line.sku);
  const rows = new Map((await ctx.store.stockLevels.findMany(ctx.store.db, skus, locationCode)).map((r) => [r.sku, r]));
  const unstocked = skus.filter((sku) => !rows.has(sku));
  if (unstocked.length > 0) return refuseUnstocked(ctx, lines, unstocked, locationCode);
  return changesOn(lines, lines.map((line) => rows.get(line.sku)!));
}

/** Each line's change on its row (`rows[i]` is the row of `lines[i]`), or the first line's refusal. */
function changesOn(lines: readonly StockLine[], rows: readonly StockRow[]): Result<VersionedChange[]> {
  const changes: VersionedChange[] = [];
  for (const [i, line] of lines.entries()) {
    const row = rows[i]!;
    const refusal = reservable(row, line.quantity);
    if (refusal) return fail(refusal);
    changes.push(changeOn(row, { onHandDelta: 0, reservedDelta: line.quantity }));
  }
  return ok(changes);
}

/** Unknown products or location are not_found; a known product without a stock row here has nothing to reserve. */
async function refuseUnstocked(
  ctx: InventoryContext,
  lines: readonly StockLine[],
  unstocked: readonly string[],
  locationCode: string,
): Promise<Result<never>> {
  const known = await requireStockable(ctx, ctx.store.db, unstocked, locationCode);
  if (!known.ok) return known;
  const sku = unstocked[0]!;
  return fail(failures.insufficientStock(sku, lines.find((line) => line.sku === sku)?.quantity ?? 0, 0));
}
