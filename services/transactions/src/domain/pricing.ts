/** A product as quoted by inventory; prices include tax. */
export interface PricedProduct {
  sku: string;
  name: string;
  priceMinor: number;
  taxRateBp: number;
  departmentCode: string;
}

export interface Discount {
  type: 'percent' | 'fixed';
  /** Whole percent for `percent`, minor units for `fixed`. */
  value: number;
}

export interface PricedLine {
  lineNo: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  taxRateBp: number;
  discountMinor: number;
  taxMinor: number;
  /** Quantity × unit price − discount; tax included. */
  lineTotalMinor: number;
  departmentCode: string;
}

export interface Totals {
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** Lines with the same SKU are one line; order of first appearance is kept. */
export function mergeLines(lines: ReadonlyArray<{ sku: string; quantity: number }>): Array<{ sku: string; quantity: number }> {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

export function discountAmount(subtotalMinor: number, discount: Discount | undefined): number {
  if (!discount) return 0;
  const amount = discount.type === 'percent' ? Math.floor((subtotalMinor * discount.value) / 100) : discount.value;
  return Math.min(amount, subtotalMinor);
}

/** Share of the subtotal a discount takes, in basis points (rounded up, so the threshold is never undercut). */
export function discountShareBp(subtotalMinor: number, discountMinor: number): number {
  return subtotalMinor === 0 ? 0 : Math.ceil((discountMinor * 10_000) / subtotalMinor);
}

/**
 * Prices the lines: the discount is spread over the lines in proportion to their gross amount
 * (largest remainder, so the parts sum exactly), and each line's tax is the tax contained in its
 * tax-inclusive total. Totals are sums of the lines, so department entries add up to the total.
 */
export function priceLines(
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
  products: ReadonlyMap<string, PricedProduct>,
  discount: Discount | undefined,
): { lines: PricedLine[]; totals: Totals } {
  const gross = lines.map((line) => {
    const product = products.get(line.sku);
    if (!product) throw new Error(`No price for ${line.sku}`);
    return { line, product, grossMinor: product.priceMinor * line.quantity };
  });
  const subtotalMinor = gross.reduce((sum, g) => sum + g.grossMinor, 0);
  const discounts = spread(discountAmount(subtotalMinor, discount), gross.map((g) => g.grossMinor));
  const priced = gross.map(({ line, product, grossMinor }, i): PricedLine => {
    const lineTotalMinor = grossMinor - discounts[i]!;
    return {
      lineNo: i + 1,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      unitPriceMinor: product.priceMinor,
      taxRateBp: product.taxRateBp,
      discountMinor: discounts[i]!,
      taxMinor: Math.round((lineTotalMinor * product.taxRateBp) / (10_000 + product.taxRateBp)),
      lineTotalMinor,
      departmentCode: product.departmentCode,
    };
  });
  const sum = (pick: (line: PricedLine) => number) => priced.reduce((total, line) => total + pick(line), 0);
  return {
    lines: priced,
    totals: {
      subtotalMinor,
      discountMinor: sum((l) => l.discountMinor),
      taxMinor: sum((l) => l.taxMinor),
      totalMinor: sum((l) => l.lineTotalMinor),
    },
  };
}

/** Splits `amount` over `weights` in proportion, by largest remainder; the parts sum to `amount`. */
export function spread(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (amount * w) / total);
  const parts = exact.map(Math.floor);
  let left = amount - parts.reduce((sum, p) => sum + p, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}
