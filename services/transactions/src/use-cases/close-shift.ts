import type { shifts } from '@tillwire/contracts';
import { expectedCash, toShiftReport } from '../domain/shift-report';
import { paymentsInProgress, shiftClosed, shiftNotFound } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';

/**
 * Closes an open shift with the cash counted in the drawer and answers its Z report: the figures
 * are written with the close and never change again. The shift is locked first, so payments and
 * refunds that hold it finish before (and new ones find no open shift after); a sale whose payment
 * is still being taken keeps the shift open.
 */
export function closeShift({ deps }: CheckoutContext, params: shifts.CloseShiftParams): Promise<shifts.ShiftReport> {
  const { terminalId, shiftId, countedCashMinor } = params;
  return deps.sql.transaction(async (tx) => {
    const shift = await deps.shifts.lockForClose(tx, terminalId, shiftId);
    if (!shift) throw shiftNotFound(terminalId, shiftId);
    if (shift.status === 'closed') throw shiftClosed(shiftId);
    const completing = await deps.shifts.completingCount(tx, shiftId);
    if (completing > 0) throw paymentsInProgress(shiftId, completing);
    const figures = await deps.shifts.figures(tx, shiftId);
    const closed = await deps.shifts.close(tx, shiftId, {
      countedCashMinor,
      expectedCashMinor: expectedCash(shift.openingFloatMinor, figures),
      figures,
    });
    return toShiftReport(closed!, undefined);
  });
}
