import { describe, expect, it } from 'vitest';
import { departmentShares } from './department-shares';

describe('departmentShares', () => {
  it('sums amounts and units per department, in department-code order', () => {
    const shares = departmentShares([
      { departmentCode: 'GROCERY', lineTotalMinor: 450, quantity: 3 },
      { departmentCode: 'BAKERY', lineTotalMinor: 199, quantity: 1 },
      { departmentCode: 'GROCERY', lineTotalMinor: 1_000, quantity: 2 },
    ]);
    expect(shares).toEqual([
      { departmentCode: 'BAKERY', amountMinor: 199, units: 1 },
      { departmentCode: 'GROCERY', amountMinor: 1_450, units: 5 },
    ]);
  });

  it('books nothing for no lines', () => {
    expect(departmentShares([])).toEqual([]);
  });
});
