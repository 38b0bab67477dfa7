import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './allocation';
import { reversalOf } from './reversal';

const sale = (lineNo: number, departmentCode: string, amountMinor: number, taxMinor: number): LedgerEntry => ({
  lineNo,
  departmentCode,
  sku: `SKU-${lineNo}`,
  kind: 'sale',
  amountMinor,
  taxMinor,
});

describe('reversalOf', () => {
  it('negates each sale entry in its own department, so sale plus reversal nets to zero', () => {
    const sales = [sale(1, 'GROCERY', 1070, 70), sale(2, 'HOME', 2500, 417)];
    const reversal = reversalOf(sales);
    expect(reversal).toEqual([
      { lineNo: 1, departmentCode: 'GROCERY', sku: 'SKU-1', kind: 'reversal', amountMinor: -1070, taxMinor: -70 },
      { lineNo: 2, departmentCode: 'HOME', sku: 'SKU-2', kind: 'reversal', amountMinor: -2500, taxMinor: -417 },
    ]);
    expect([...sales, ...reversal].reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
  });

  it('keeps a zero line at 0 (never -0) and ignores entries that are not sales', () => {
    const refund: LedgerEntry = { ...sale(2, 'HOME', -5, 0), kind: 'refund' };
    expect(reversalOf([sale(1, 'GROCERY', 0, 0), refund])).toEqual([
      { lineNo: 1, departmentCode: 'GROCERY', sku: 'SKU-1', kind: 'reversal', amountMinor: 0, taxMinor: 0 },
    ]);
  });
});
