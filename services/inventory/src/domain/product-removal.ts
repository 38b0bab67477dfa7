import { failures, type InventoryFailure } from './inventory-failure';
import type { StockRow } from './stock';

/**
 * A product can be removed only when no location holds or promises any of it: every stock row is
 * zero (such rows go with the product; its movements stay as history).
 */
export function removalRefusal(sku: string, rows: readonly Pick<StockRow, 'onHand' | 'reserved'>[]): InventoryFailure | undefined {
  if (rows.every((row) => row.onHand === 0 && row.reserved === 0)) return undefined;
  const sum = (pick: (row: Pick<StockRow, 'onHand' | 'reserved'>) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return failures.inStock(sku, sum((row) => row.onHand), sum((row) => row.reserved));
}
