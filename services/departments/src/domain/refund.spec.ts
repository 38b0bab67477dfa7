import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './allocation';
import { isSameRefund, planRefund } from './refund';

const sale = (lineNo: number, departmentCode: string, amountMinor: number, taxMinor: number): LedgerEntry => ({
  lineNo,
  departmentCode,
  sku: `SKU-${lineNo}`,
  kind: 'sale',
  amountMinor,
  taxMinor,
});
const sales = [sale(1, 'GROCERY', 1000, 100), sale(2, 'HOME', 3000, 500)];

describe('planRefund', () => {
  it("books negative entries to each line's sale department", () => {
    expect(planRefund(sales, [], [{ lineNo: 2, amountMinor: 1500, taxMinor: 250 }])).toEqual({
      ok: true,
      entries: [{ lineNo: 2, departmentCode: 'HOME', sku: 'SKU-2', kind: 'refund', amountMinor: -1500, taxMinor: -250 }],
    });
  });

  it('allows several refunds of a line up to its sale, never beyond', () => {
    const first = planRefund(sales, [], [{ lineNo: 1, amountMinor: 600, taxMinor: 60 }]);
    const earlier = first.ok ? first.entries : [];
    expect(planRefund(sales, earlier, [{ lineNo: 1, amountMinor: 400, taxMinor: 40 }]).ok).toBe(true);
    expect(planRefund(sales, earlier, [{ lineNo: 1, amountMinor: 401, taxMinor: 40 }])).toEqual({
      ok: false,
      code: 'exceeds_sale',
      lineNo: 1,
      requestedMinor: 401,
      remainingMinor: 400,
    });
  });

  it('refuses unknown lines, repeated lines and amounts that are not a positive refund', () => {
    expect(planRefund(sales, [], [{ lineNo: 9, amountMinor: 1, taxMinor: 0 }])).toMatchObject({ code: 'unknown_line' });
    expect(
      planRefund(sales, [], [
        { lineNo: 1, amountMinor: 1, taxMinor: 0 },
        { lineNo: 1, amountMinor: 1, taxMinor: 0 },
      ]),
    ).toMatchObject({ code: 'duplicate_line', lineNo: 1 });
    for (const bad of [
      { amountMinor: 0, taxMinor: 0 },
      { amountMinor: -100, taxMinor: 0 },
      { amountMinor: 100, taxMinor: -1 },
      { amountMinor: 100, taxMinor: 101 },
    ]) {
      expect(planRefund(sales, [], [{ lineNo: 1, ...bad }])).toMatchObject({ code: 'invalid_amount' });
    }
  });
});

describe('isSameRefund', () => {
  const plan = planRefund(sales, [], [{ lineNo: 1, amountMinor: 500, taxMinor: 50 }]);
  const booked = plan.ok ? plan.entries : [];

  it('matches the request that booked the entries, and nothing else', () => {
    expect(isSameRefund(booked, [{ lineNo: 1, amountMinor: 500, taxMinor: 50 }])).toBe(true);
    expect(isSameRefund(booked, [{ lineNo: 1, amountMinor: 501, taxMinor: 50 }])).toBe(false);
    expect(isSameRefund(booked, [{ lineNo: 2, amountMinor: 500, taxMinor: 50 }])).toBe(false);
  });
});
