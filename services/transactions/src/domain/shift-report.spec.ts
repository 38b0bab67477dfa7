import { describe, expect, it } from 'vitest';
import type { ShiftRecord } from '../db/shifts.repository';
import { expectedCash, toShiftReport, type ShiftFigures } from './shift-report';

const figures: ShiftFigures = {
  cashSalesMinor: 7000,
  cashRefundsMinor: 1250,
  changeGivenMinor: 4750,
  cardSalesMinor: 4049,
  pointsSalesMinor: 300,
  transactions: 4,
};
const open: ShiftRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  terminalId: 'T1',
  operatorId: 'alice',
  shiftNumber: 3,
  status: 'open',
  openingFloatMinor: 10_000,
  openedAt: new Date('2026-11-21T08:00:00Z'),
  closedAt: null,
  countedCashMinor: null,
  expectedCashMinor: null,
  closedFigures: null,
};

describe('shift reports', () => {
  it('expects the float plus the cash taken, less cash refunds and the change given', () => {
    expect(expectedCash(10_000, figures)).toBe(11_000);
    expect(expectedCash(0, { ...figures, cashSalesMinor: 0, changeGivenMinor: 0 })).toBe(-1250);
  });

  it('reports an open shift from its running figures, with no count and no variance', () => {
    expect(toShiftReport(open, figures)).toMatchObject({
      status: 'open',
      closedAt: null,
      expectedCashMinor: 11_000,
      countedCashMinor: null,
      varianceMinor: null,
      transactions: 4,
      byMethod: { cash: 2250, card: 4049, points: 300 },
    });
    expect(() => toShiftReport(open, undefined)).toThrow(TypeError);
  });

  it('reports a closed shift from the figures written at close, whatever runs now', () => {
    const closed: ShiftRecord = {
      ...open,
      status: 'closed',
      closedAt: new Date('2026-11-21T17:00:00Z'),
      countedCashMinor: 10_950,
      expectedCashMinor: 11_000,
      closedFigures: figures,
    };
    const report = toShiftReport(closed, { ...figures, cashRefundsMinor: 0 });
    expect(report).toMatchObject({ cashRefundsMinor: 1250, expectedCashMinor: 11_000, countedCashMinor: 10_950, varianceMinor: -50 });
    expect(report.closedAt).toBe('2026-11-21T17:00:00.000Z');
  });
});
