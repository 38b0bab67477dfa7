import type { shifts } from '@tillwire/contracts';
import { toShiftReport } from '../domain/shift-report';
import { shiftNotFound } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';

/** X report of an open shift (its figures so far) or Z report of a closed one (its figures at close). */
export async function shiftReport({ deps }: CheckoutContext, { terminalId, shiftId }: shifts.ShiftReportParams): Promise<shifts.ShiftReport> {
  const shift = await deps.shifts.find(deps.sql, shiftId);
  if (!shift || (terminalId !== undefined && shift.terminalId !== terminalId)) throw shiftNotFound(terminalId ?? shift?.terminalId ?? '', shiftId);
  return toShiftReport(shift, shift.status === 'open' ? await deps.shifts.figures(deps.sql, shiftId) : undefined);
}
