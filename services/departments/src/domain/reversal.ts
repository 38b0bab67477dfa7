import type { LedgerEntry } from './allocation';

/** Entries that cancel a transaction's sale entries line by line, in the same departments. */
export function reversalOf(sales: readonly LedgerEntry[]): LedgerEntry[] {
  return sales
    .filter((entry) => entry.kind === 'sale')
    .map((sale) => ({
      ...sale,
      kind: 'reversal',
      // `0 - x`, not `-x`: a zero line must stay 0, not become -0.
      amountMinor: 0 - sale.amountMinor,
      taxMinor: 0 - sale.taxMinor,
    }));
}
