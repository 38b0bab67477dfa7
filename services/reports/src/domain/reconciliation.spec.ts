import { describe, expect, it } from 'vitest';
import { DayReconciliation, lineStatus, varianceBp, type DaySlice, type TerminalTotals } from './reconciliation';

const T = { warnThresholdBp: 0, failThresholdBp: 100 };
const DAY = '2025-03-10T00:00:00.000Z';
const AT = '2025-03-10T12:00:00.000Z';
const ROSTER = [{ terminalId: 'T1', departmentCode: 'GROCERY', connected: true }];

/** A slice holding one card sale `id` of `amount` on T1, as every source recorded it. */
function sale(id: string, amount = 1000, overrides: Partial<DaySlice> = {}): DaySlice {
  return {
    ledger: {
      currency: 'EUR',
      sales: [{ transactionId: id, terminalId: 'T1', departmentCode: 'GROCERY', totalMinor: amount }],
      lines: [{ transactionId: id, lineNo: 1, departmentCode: 'GROCERY', amountMinor: amount }],
      cardPayments: [{ transactionId: id, terminalId: 'T1', serviceId: `S-${id}`, amountMinor: amount }],
    },
    payments: [{ terminalId: 'T1', serviceId: `S-${id}`, transactionId: id, amountMinor: amount, at: AT }],
    movements: [{ transactionId: id, locationCode: 'MAIN', sku: 'X', units: 1, at: AT }],
    departmentEntries: [{ transactionId: id, lineNo: 1, departmentCode: 'GROCERY', amountMinor: amount }],
    ...overrides,
  };
}

function reconcile(slices: DaySlice[], totals: TerminalTotals = { reachable: true, debitMinor: 1000 }) {
  const day = new DayReconciliation(DAY, 'SEK');
  for (const slice of slices) day.add(slice);
  return day.finish(ROSTER, new Map([['T1', totals]]), T);
}

describe('reconciliation rules', () => {
  it('measures variance in basis points of the expected amount, toward zero, none against nothing expected', () => {
    expect(varianceBp(10_000, 1)).toBe(1);
    expect(varianceBp(30_000, -1)).toBe(0);
    expect(varianceBp(3, 1)).toBe(3_333);
    expect(varianceBp(0, 5)).toBeNull();
  });

  it('is ok within the warn threshold and clean, warn beyond it or with mismatches, fail beyond the fail threshold', () => {
    expect(lineStatus(10_000, 10_000, T, false)).toBe('ok');
    expect(lineStatus(10_000, 10_000, T, true)).toBe('warn');
    expect(lineStatus(10_000, 10_050, T, false)).toBe('warn');
    expect(lineStatus(10_000, 10_100, T, false)).toBe('warn');
    expect(lineStatus(10_000, 10_101, T, false)).toBe('fail');
    expect(lineStatus(10_000, 9_899, T, false)).toBe('fail');
    expect(lineStatus(0, 0, T, false)).toBe('ok');
    expect(lineStatus(0, 1, T, false)).toBe('fail');
  });

  it('finds a clean day ok', () => {
    const outcome = reconcile([sale('a')]);
    expect(outcome.status).toBe('ok');
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.lines.map((l) => [l.scope, l.key, l.status])).toEqual([
      ['terminal', 'T1', 'ok'],
      ['department', 'GROCERY', 'ok'],
    ]);
  });

  it('reports a day in its sales’ currency, and a day without sales in the store’s', () => {
    expect(reconcile([sale('a')]).currency).toBe('EUR');
    expect(reconcile([], { reachable: true, debitMinor: 0 }).currency).toBe('SEK');
  });

  it('sums terminals and departments across slices, and matches each slice on its own', () => {
    const stray = { terminalId: 'T1', serviceId: 'S-z', transactionId: 'z', amountMinor: 300, at: AT };
    const second = sale('b', 500);
    const outcome = reconcile([sale('a'), { ...second, payments: [...second.payments, stray] }], { reachable: true, debitMinor: 1500 });
    expect(outcome.lines.map((l) => [l.key, l.expectedMinor, l.reportedMinor])).toEqual([
      ['T1', 1500, 1500],
      ['GROCERY', 1500, 1500],
    ]);
    expect(outcome.mismatches).toEqual([
      expect.objectContaining({ kind: 'payment_without_transaction', transactionId: 'z', reportedMinor: 300, reference: 'S-z' }),
    ]);
    expect(outcome.lines[0]).toMatchObject({ status: 'warn', mismatchingTransactionIds: ['z'] });
  });

  it('names an amount the terminal approved differently, and leaves a payment of the day before alone', () => {
    const outcome = reconcile([
      sale('a', 1000, {
        payments: [
          { terminalId: 'T1', serviceId: 'S-a', transactionId: 'a', amountMinor: 900, at: AT },
          { terminalId: 'T1', serviceId: 'S0', transactionId: 'yesterday', amountMinor: 500, at: '2025-03-09T23:00:00.000Z' },
        ],
      }),
    ]);
    expect(outcome.mismatches).toEqual([
      expect.objectContaining({ kind: 'terminal_amount_differs', transactionId: 'a', expectedMinor: 1000, reportedMinor: 900, reference: 'S-a' }),
    ]);
    expect(outcome.lines[0]).toMatchObject({ status: 'warn', mismatchingTransactionIds: ['a'] });
  });

  it('compares the command records when the terminal cannot be asked, and says so', () => {
    const outcome = reconcile([sale('a')], { reachable: false });
    expect(outcome.lines[0]).toMatchObject({ reason: 'terminal_unreachable', reportedMinor: 1000, varianceMinor: 0, status: 'warn' });
    expect(outcome.status).toBe('warn');
  });
});
