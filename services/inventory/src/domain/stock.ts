/** One row of stock_levels as the domain sees it. */
export interface StockRow {
  readonly sku: string;
  readonly locationCode: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly version: number;
}

export type StockKey = Pick<StockRow, 'sku' | 'locationCode'>;

export interface StockChange {
  readonly sku: string;
  readonly locationCode: string;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
}

/**
 * A change that applies only while the row still reads as it did when the change was decided: at
 * `version`, with these levels. The levels are checked too because a version alone can repeat (a
 * removed product's rows come back at version 0; an edit outside the service need not bump it), and
 * the row the change was decided on may come from this node's memory rather than a read.
 */
export type VersionedChange = StockChange & Pick<StockRow, 'version' | 'onHand' | 'reserved'>;

export type MovementKind = 'receipt' | 'adjust' | 'reserve' | 'release' | 'commit' | 'restock';

/** A stock_movements row to append; every stock change writes one. */
export interface MovementDraft extends StockChange {
  readonly kind: MovementKind;
  readonly reference: string | null;
  readonly reason: string | null;
}

export function availableOf(row: Pick<StockRow, 'onHand' | 'reserved'>): number {
  return row.onHand - row.reserved;
}

/** The row as it reads after `change` was applied by one conditional update. */
export function applied(row: StockRow, change: StockChange): StockRow {
  return {
    ...row,
    onHand: row.onHand + change.onHandDelta,
    reserved: row.reserved + change.reservedDelta,
    version: row.version + 1,
  };
}

/** `deltas` decided on `row`: they apply only while the row still reads so. */
export function changeOn(row: StockRow, deltas: Pick<StockChange, 'onHandDelta' | 'reservedDelta'>): VersionedChange {
  const { sku, locationCode, version, onHand, reserved } = row;
  return { sku, locationCode, version, onHand, reserved, onHandDelta: deltas.onHandDelta, reservedDelta: deltas.reservedDelta };
}

export function stockKey(sku: string, locationCode: string): string {
  return `${locationCode}\u0000${sku}`;
}

/** The contract's view of a stock row. */
export function toStockLevel(row: Pick<StockRow, 'sku' | 'locationCode' | 'onHand' | 'reserved'>) {
  return {
    sku: row.sku,
    locationCode: row.locationCode,
    onHand: row.onHand,
    reserved: row.reserved,
    available: availableOf(row),
  };
}
