import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, assertBalanced, bookingDepartment, isSameAllocation, type AllocationLine } from './allocation';

const line = (lineNo: number, productDepartmentCode: string, amountMinor = 1000, taxMinor = 167): AllocationLine => ({
  lineNo,
  sku: `SKU-${lineNo}`,
  productDepartmentCode,
  amountMinor,
  taxMinor,
});

describe('bookingDepartment', () => {
  it('books a line of the terminal department to it under either rule', () => {
    expect(bookingDepartment(line(1, 'GROCERY'), 'GROCERY', 'terminal')).toBe('GROCERY');
    expect(bookingDepartment(line(1, 'GROCERY'), 'GROCERY', 'product')).toBe('GROCERY');
  });

  it('books a line of another department to the terminal (terminal rule) or the product (product rule)', () => {
    expect(bookingDepartment(line(1, 'HOME'), 'GROCERY', 'terminal')).toBe('GROCERY');
    expect(bookingDepartment(line(1, 'HOME'), 'GROCERY', 'product')).toBe('HOME');
  });
});

describe('allocate', () => {
  const lines = [line(2, 'HOME', 2500, 417), line(1, 'GROCERY', 1070, 70), line(3, 'ELECTRONICS', 4999, 833)];

  it('writes one sale entry per line, in line order, all to the terminal department under the terminal rule', () => {
    const result = allocate(lines, 'GROCERY', 'terminal');
    expect(result).toEqual({
      ok: true,
      entries: [
        { lineNo: 1, departmentCode: 'GROCERY', sku: 'SKU-1', kind: 'sale', amountMinor: 1070, taxMinor: 70 },
        { lineNo: 2, departmentCode: 'GROCERY', sku: 'SKU-2', kind: 'sale', amountMinor: 2500, taxMinor: 417 },
        { lineNo: 3, departmentCode: 'GROCERY', sku: 'SKU-3', kind: 'sale', amountMinor: 4999, taxMinor: 833 },
      ],
    });
  });

  it("sends cross-department lines to the product's department under the product rule", () => {
    const result = allocate(lines, 'GROCERY', 'product');
    expect(result.ok && result.entries.map((e) => [e.lineNo, e.departmentCode])).toEqual([
      [1, 'GROCERY'],
      [2, 'HOME'],
      [3, 'ELECTRONICS'],
    ]);
  });

  it('refuses a line number that appears twice', () => {
    expect(allocate([line(1, 'HOME'), line(1, 'GROCERY')], 'GROCERY', 'terminal')).toEqual({
      ok: false,
      code: 'duplicate_line',
      lineNo: 1,
    });
  });

  it('always balances: entries sum to the line total, one per line, each in the department the rule names', () => {
    const departmentCode = fc.constantFrom('GROCERY', 'HOME', 'ELECTRONICS');
    const amount = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    const lineList = fc.uniqueArray(
      fc.record({ lineNo: fc.integer({ min: 1, max: 1000 }), productDepartmentCode: departmentCode, amountMinor: amount }),
      { minLength: 1, maxLength: 200, selector: (l) => l.lineNo },
    );
    fc.assert(
      fc.property(lineList, departmentCode, fc.constantFrom('terminal' as const, 'product' as const), (raw, terminal, rule) => {
        const input = raw.map((l) => line(l.lineNo, l.productDepartmentCode, l.amountMinor, Math.trunc(l.amountMinor / 7)));
        const result = allocate(input, terminal, rule);
        if (!result.ok) return false;
        const sum = (xs: readonly { amountMinor: number }[]) => xs.reduce((s, x) => s + BigInt(x.amountMinor), 0n);
        expect(sum(result.entries)).toBe(sum(input));
        expect(result.entries).toHaveLength(input.length);
        for (const entry of result.entries) {
          const source = input.find((l) => l.lineNo === entry.lineNo)!;
          const expected = rule === 'product' ? source.productDepartmentCode : terminal;
          expect(entry.departmentCode).toBe(expected);
        }
        return true;
      }),
    );
  });
});

describe('assertBalanced', () => {
  it('throws when the entries do not add up to the lines', () => {
    expect(() => assertBalanced([{ amountMinor: 100, taxMinor: 10 }], [{ amountMinor: 99, taxMinor: 10 }])).toThrow(
      /does not balance/,
    );
    expect(() => assertBalanced([{ amountMinor: 100, taxMinor: 10 }], [{ amountMinor: 100, taxMinor: 9 }])).toThrow(
      /does not balance/,
    );
  });

  it('adds in bigint, so sums past the safe-integer range still compare exactly', () => {
    const big = { amountMinor: Number.MAX_SAFE_INTEGER, taxMinor: 0 };
    expect(() => assertBalanced([big, big], [big, big])).not.toThrow();
    expect(() => assertBalanced([big, big], [big, { ...big, amountMinor: big.amountMinor - 1 }])).toThrow();
  });
});

describe('isSameAllocation', () => {
  const planned = allocate([line(1, 'HOME'), line(2, 'GROCERY')], 'GROCERY', 'product');
  const entries = planned.ok ? planned.entries : [];

  it('accepts the same lines booked under another rule (the first booking stands)', () => {
    const earlier = allocate([line(1, 'HOME'), line(2, 'GROCERY')], 'GROCERY', 'terminal');
    expect(earlier.ok && isSameAllocation(earlier.entries, entries)).toBe(true);
  });

  it('rejects other amounts or other lines', () => {
    expect(isSameAllocation(entries, entries.map((e) => ({ ...e, amountMinor: e.amountMinor + 1 })))).toBe(false);
    expect(isSameAllocation(entries.slice(0, 1), entries)).toBe(false);
  });
});
