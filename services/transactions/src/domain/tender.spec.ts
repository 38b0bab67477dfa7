import { describe, expect, it } from 'vitest';
import { changeDue, checkTender } from './tender';

describe('checkTender', () => {
  it('accepts a split that sums to the total and computes cash change', () => {
    const payments = [
      { method: 'card' as const, amountMinor: 700 },
      { method: 'cash' as const, amountMinor: 300, tenderedMinor: 500 },
    ];
    expect(checkTender(payments, 1000)).toBeUndefined();
    expect(changeDue(payments)).toBe(200);
  });

  it('names what is wrong', () => {
    expect(checkTender([{ method: 'cash', amountMinor: 900 }], 1000)).toEqual({ code: 'sum_mismatch', totalMinor: 1000, paidMinor: 900 });
    expect(checkTender([{ method: 'cash', amountMinor: 1000, tenderedMinor: 999 }], 1000)).toEqual({ code: 'tendered_too_little', index: 0 });
    expect(checkTender([{ method: 'card', amountMinor: 1000, tenderedMinor: 1000 }], 1000)).toEqual({ code: 'tendered_not_cash', index: 0 });
  });
});
