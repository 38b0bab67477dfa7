import { shifts } from '@tillwire/contracts';
import { validatedAction } from '@tillwire/platform';
import type { CheckoutContext } from './use-cases/checkout-sagas';
import { closeShift } from './use-cases/close-shift';
import { listShifts } from './use-cases/list-shifts';
import { openShift } from './use-cases/open-shift';
import { shiftReport } from './use-cases/shift-report';

/**
 * The cashier-shift actions of the transactions service (`transactions.openShift`, …), spread into
 * its schema; `context` is read per call, as the service builds it when it is created.
 */
export function shiftActions(context: () => CheckoutContext) {
  return {
    openShift: validatedAction({ params: shifts.openShiftParams, handler: (params) => openShift(context(), params) }),
    closeShift: validatedAction({ params: shifts.closeShiftParams, handler: (params) => closeShift(context(), params) }),
    shiftReport: validatedAction({ params: shifts.shiftReportParams, handler: (params) => shiftReport(context(), params) }),
    listShifts: validatedAction({ params: shifts.listShiftsParams, handler: (params) => listShifts(context(), params) }),
  };
}
