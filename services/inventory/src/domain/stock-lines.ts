import type { StockLine } from '@tillwire/contracts';

/** One line per SKU (quantities of repeated SKUs added up), in SKU order so rows lock in a stable order. */
export function mergeLines(lines: readonly StockLine[]): StockLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return [...totals]
    .map(([sku, quantity]) => ({ sku, quantity }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** Requested SKUs, first occurrence order, without repeats. */
export function distinctSkus(skus: readonly string[]): string[] {
  return [...new Set(skus)];
}
