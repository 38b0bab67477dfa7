import type { shifts } from '@tillwire/contracts';
import type { ShiftRecord } from '../db/shifts.repository';

/** What a shift's sales and refunds moved, in minor units. */
export interface ShiftFigures {
  /** Cash taken into the drawer for sales: tendered, or the cash amount when nothing was tendered. */
  cashSalesMinor: number;
  /** Cash the drawer paid back for refunds made in the shift (of sales of any shift). */
  cashRefundsMinor: number;
  /** Change handed back from the cash taken. */
  changeGivenMinor: number;
  cardSalesMinor: number;
  pointsSalesMinor: number;
  /** Sales paid in the shift. */
  transactions: number;
}

/** The cash the drawer should hold: float + cash sales − cash refunds − change given. */
export function expectedCash(openingFloatMinor: number, figures: ShiftFigures): number {
  return openingFloatMinor + figures.cashSalesMinor - figures.cashRefundsMinor - figures.changeGivenMinor;
}

/** X report of an open shift from its running figures, or Z report of a closed one from those written at close. */
export function toShiftReport(shift: ShiftRecord, running: ShiftFigures | undefined): shifts.ShiftReport {
  const figures = shift.closedFigures ?? running;
  if (!figures) throw new TypeError(`Shift ${shift.id} is open: its report needs the running figures`);
  const expectedCashMinor = shift.expectedCashMinor ?? expectedCash(shift.openingFloatMinor, figures);
  return {
    shiftId: shift.id,
    terminalId: shift.terminalId,
    operatorId: shift.operatorId,
    shiftNumber: shift.shiftNumber,
    status: shift.status,
    openedAt: shift.openedAt.toISOString(),
    closedAt: shift.closedAt?.toISOString() ?? null,
    openingFloatMinor: shift.openingFloatMinor,
    cashSalesMinor: figures.cashSalesMinor,
    cashRefundsMinor: figures.cashRefundsMinor,
    changeGivenMinor: figures.changeGivenMinor,
    expectedCashMinor,
    countedCashMinor: shift.countedCashMinor,
    varianceMinor: shift.countedCashMinor === null ? null : shift.countedCashMinor - expectedCashMinor,
    transactions: figures.transactions,
    byMethod: {
      // Change went back out of the cash taken: what cash paid of the sales is the difference.
      cash: figures.cashSalesMinor - figures.changeGivenMinor,
      card: figures.cardSalesMinor,
      points: figures.pointsSalesMinor,
    },
  };
}

export function toShiftView(shift: ShiftRecord): shifts.Shift {
  return {
    id: shift.id,
    terminalId: shift.terminalId,
    operatorId: shift.operatorId,
    shiftNumber: shift.shiftNumber,
    status: shift.status,
    openingFloatMinor: shift.openingFloatMinor,
    openedAt: shift.openedAt.toISOString(),
    closedAt: shift.closedAt?.toISOString() ?? null,
    expectedCashMinor: shift.expectedCashMinor,
    countedCashMinor: shift.countedCashMinor,
  };
}
