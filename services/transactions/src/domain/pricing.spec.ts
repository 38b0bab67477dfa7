import { describe, expect, it } from 'vitest';
import { discountShareBp, mergeLines, priceLines, spread, type PricedProduct } from './pricing';

const products = new Map<string, PricedProduct>([
  ['A', { sku: 'A', name: 'Apples', priceMinor: 299, taxRateBp: 700, departmentCode: 'GROCERY' }],
  ['B', { sku: 'B', name: 'Mug', priceMinor: 1000, taxRateBp: 2000, departmentCode: 'HOME' }],
  ['C', { sku: 'C', name: 'Cable', priceMinor: 1, taxRateBp: 2000, departmentCode: 'ELECTRONICS' }],
]);

describe('priceLines', () => {
  it('prices tax-inclusive lines and sums them into the totals', () => {
    const { lines, totals } = priceLines([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], products, undefined);
    expect(lines.map((l) => [l.lineTotalMinor, l.taxMinor])).toEqual([
      [598, 39],
      [1000, 167],
    ]);
    expect(totals).toEqual({ subtotalMinor: 1598, discountMinor: 0, taxMinor: 206, totalMinor: 1598 });
  });

  it('spreads a discount over the lines so the parts add up exactly', () => {
    const { lines, totals } = priceLines(
      [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }, { sku: 'C', quantity: 3 }],
      products,
      { type: 'percent', value: 15 },
    );
    expect(totals.discountMinor).toBe(Math.floor((1302 * 15) / 100));
    expect(lines.reduce((s, l) => s + l.discountMinor, 0)).toBe(totals.discountMinor);
    expect(lines.reduce((s, l) => s + l.lineTotalMinor, 0)).toBe(totals.subtotalMinor - totals.discountMinor);
    expect(totals.totalMinor).toBe(totals.subtotalMinor - totals.discountMinor);
  });

  it('never discounts below zero', () => {
    const { totals } = priceLines([{ sku: 'A', quantity: 1 }], products, { type: 'fixed', value: 10_000 });
    expect(totals).toMatchObject({ discountMinor: 299, totalMinor: 0, taxMinor: 0 });
  });
});

describe('spread', () => {
  it('splits by largest remainder', () => {
    expect(spread(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(spread(0, [5, 5])).toEqual([0, 0]);
    expect(spread(7, [0, 0])).toEqual([0, 0]);
  });
});

describe('mergeLines and discountShareBp', () => {
  it('merges repeated SKUs and rounds the share up', () => {
    expect(mergeLines([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }, { sku: 'A', quantity: 3 }])).toEqual([
      { sku: 'A', quantity: 4 },
      { sku: 'B', quantity: 2 },
    ]);
    expect(discountShareBp(3, 1)).toBe(3334);
  });
});
