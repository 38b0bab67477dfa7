import { failures, type InventoryFailure } from './inventory-failure';
import { availableOf, type StockRow } from './stock';

/** A reservation may take at most what is on hand and not yet reserved. */
export function reservable(row: StockRow, quantity: number): InventoryFailure | undefined {
  const available = availableOf(row);
  return quantity > available ? failures.insufficientStock(row.sku, quantity, Math.max(0, available)) : undefined;
}

/** An adjustment may not take on-hand stock below what is already promised to reservations. */
export function adjustable(row: StockRow, delta: number): InventoryFailure | undefined {
  if (delta >= 0 || row.onHand + delta >= row.reserved) return undefined;
  return failures.insufficientStock(row.sku, -delta, Math.max(0, availableOf(row)));
}

/** Taking back reserved stock never takes `reserved` below zero; a shortfall means a corrupt ledger. */
export function releasable(row: StockRow, quantity: number): InventoryFailure | undefined {
  if (row.reserved >= quantity && row.onHand >= 0) return undefined;
  throw new Error(
    `Stock ${row.sku}@${row.locationCode} holds ${row.reserved} reserved, fewer than the ${quantity} being released`,
  );
}
