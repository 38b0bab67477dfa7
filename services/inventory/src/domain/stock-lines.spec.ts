import { describe, expect, it } from 'vitest';
import { distinctSkus, mergeLines } from './stock-lines';

describe('mergeLines', () => {
  it('adds up repeated SKUs and orders lines by SKU', () => {
    expect(
      mergeLines([
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 4 },
    ]);
  });

  it('orders by code unit, independent of locale', () => {
    expect(mergeLines([{ sku: 'b', quantity: 1 }, { sku: 'B', quantity: 1 }]).map((l) => l.sku)).toEqual(['B', 'b']);
  });
});

describe('distinctSkus', () => {
  it('keeps the first occurrence order', () => {
    expect(distinctSkus(['C', 'A', 'C', 'B', 'A'])).toEqual(['C', 'A', 'B']);
  });
});
