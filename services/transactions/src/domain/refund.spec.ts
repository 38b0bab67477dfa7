import { describe, expect, it } from 'vitest';
import { refundLines, refundPayments } from './refund';

const line = { lineNo: 1, sku: 'A', quantity: 3, refundedQuantity: 0, lineTotalMinor: 1000, taxMinor: 167 };

describe('refundLines', () => {
  it('cuts successive refunds of a line so they add up to the line total', () => {
    const first = refundLines([line], [{ sku: 'A', quantity: 1 }]);
    const second = refundLines([{ ...line, refundedQuantity: 1 }], [{ sku: 'A', quantity: 1 }]);
    const third = refundLines([{ ...line, refundedQuantity: 2 }], [{ sku: 'A', quantity: 1 }]);
    const amounts = [first, second, third].map((r) => (r.ok ? r.lines[0]!.amountMinor : NaN));
    expect(amounts).toEqual([333, 334, 333]);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('refuses what was not sold or is already refunded', () => {
    expect(refundLines([line], [{ sku: 'B', quantity: 1 }])).toEqual({ ok: false, problem: { code: 'not_in_transaction', sku: 'B' } });
    expect(refundLines([{ ...line, refundedQuantity: 2 }], [{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 1 }])).toEqual({
      ok: false,
      problem: { code: 'exceeds_sold', sku: 'A', requested: 2, refundable: 1 },
    });
  });
});

describe('refundPayments', () => {
  it('splits in proportion to what each payment still holds', () => {
    const payments = [
      { id: 'card', amountMinor: 750, refundedMinor: 0 },
      { id: 'cash', amountMinor: 250, refundedMinor: 0 },
    ];
    expect(refundPayments(payments, 400).map((p) => [p.payment.id, p.amountMinor])).toEqual([
      ['card', 300],
      ['cash', 100],
    ]);
  });
});
