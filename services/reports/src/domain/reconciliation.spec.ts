import { describe, expect, it } from 'vitest';
import { lineStatus, reconcile, varianceBp, type ReconciliationSources } from './reconciliation';

const T = { warnThresholdBp: 0, failThresholdBp: 100 };
const DAY = '2025-03-10T00:00:00.000Z';
const AT = '2025-03-10T12:00:00.000Z';

function sources(overrides: Partial<ReconciliationSources> = {}): ReconciliationSources {
  return {
    dayStart: DAY,
    ledger: {
      currency: 'EUR',
      sales: [{ transactionId: 'a', terminalId: 'T1', departmentCode: 'GROCERY', totalMinor: 1000 }],
      lines: [{ transactionId: 'a', lineNo: 1, departmentCode: 'GROCERY', amountMinor: 1000 }],
      cardPayments: [{ transactionId: 'a', terminalId: 'T1', serviceId: 'S1', amountMinor: 1000 }],
    },
    terminalPayments: {
      terminals: [{ terminalId: 'T1', departmentCode: 'GROCERY', connected: true }],
      payments: [{ terminalId: 'T1', serviceId: 'S1', transactionId: 'a', amountMinor: 1000, at: AT }],
    },
    terminalTotals: new Map([['T1', { reachable: true, debitMinor: 1000 }]]),
    stock: { movements: [{ transactionId: 'a', locationCode: 'MAIN', sku: 'X', units: 1, at: AT }] },
    departmentLedger: { entries: [{ transactionId: 'a', lineNo: 1, departmentCode: 'GROCERY', amountMinor: 1000 }] },
    ...overrides,
  };
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
    const outcome = reconcile(sources(), T);
    expect(outcome.status).toBe('ok');
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.lines.map((l) => [l.scope, l.key, l.status])).toEqual([
      ['terminal', 'T1', 'ok'],
      ['department', 'GROCERY', 'ok'],
    ]);
  });

  it('names an amount the terminal approved differently, and leaves a payment of the day before alone', () => {
    const outcome = reconcile(
      sources({
        terminalPayments: {
          terminals: [{ terminalId: 'T1', departmentCode: 'GROCERY', connected: true }],
          payments: [
            { terminalId: 'T1', serviceId: 'S1', transactionId: 'a', amountMinor: 900, at: AT },
            { terminalId: 'T1', serviceId: 'S0', transactionId: 'yesterday', amountMinor: 500, at: '2025-03-09T23:00:00.000Z' },
          ],
        },
      }),
      T,
    );
    expect(outcome.mismatches).toEqual([
      expect.objectContaining({ kind: 'terminal_amount_differs', transactionId: 'a', expectedMinor: 1000, reportedMinor: 900, reference: 'S1' }),
    ]);
    expect(outcome.lines[0]).toMatchObject({ status: 'warn', mismatchingTransactionIds: ['a'] });
  });

  it('compares the command records when the terminal cannot be asked, and says so', () => {
    const outcome = reconcile(sources({ terminalTotals: new Map([['T1', { reachable: false }]]) }), T);
    expect(outcome.lines[0]).toMatchObject({ reason: 'terminal_unreachable', reportedMinor: 1000, varianceMinor: 0, status: 'warn' });
    expect(outcome.status).toBe('warn');
  });
});
