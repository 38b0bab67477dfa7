import { describe, expect, it } from 'vitest';
import { adjustable, releasable, reservable } from './availability';
import { applied, availableOf, toStockLevel, type StockRow } from './stock';

const row = (onHand: number, reserved: number): StockRow => ({ sku: 'A', locationCode: 'MAIN', onHand, reserved, version: 3 });

describe('availability', () => {
  it('is on hand minus reserved', () => {
    expect(availableOf(row(10, 4))).toBe(6);
    expect(toStockLevel(row(10, 4))).toEqual({ sku: 'A', locationCode: 'MAIN', onHand: 10, reserved: 4, available: 6 });
  });

  it('lets a reservation take exactly what is available, no more', () => {
    expect(reservable(row(10, 4), 6)).toBeUndefined();
    expect(reservable(row(10, 4), 7)).toEqual({ code: 'insufficient_stock', sku: 'A', requested: 7, available: 6 });
  });

  it('never reports negative availability', () => {
    expect(reservable(row(2, 5), 1)).toMatchObject({ available: 0 });
  });

  it('lets an adjustment lower on hand down to the reserved quantity', () => {
    expect(adjustable(row(10, 4), -6)).toBeUndefined();
    expect(adjustable(row(10, 4), +5)).toBeUndefined();
    expect(adjustable(row(10, 4), -7)).toEqual({ code: 'insufficient_stock', sku: 'A', requested: 7, available: 6 });
  });

  it('treats releasing more than is reserved as a corrupt ledger', () => {
    expect(releasable(row(10, 4), 4)).toBeUndefined();
    expect(() => releasable(row(10, 4), 5)).toThrow(/fewer than the 5/);
  });

  it('applies a change and bumps the version', () => {
    expect(applied(row(10, 4), { sku: 'A', locationCode: 'MAIN', onHandDelta: -2, reservedDelta: -2 })).toEqual({
      ...row(8, 2),
      version: 4,
    });
  });
});
