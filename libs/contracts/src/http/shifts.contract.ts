import { z } from 'zod';
import { terminalId } from '../broker/terminals.contract';
import { minorUnits, nonNegativeMinor, requiredText, uuid } from '../primitives';

/**
 * Cashier shifts, hosted by the transactions service (errors travel with `type` =
 * TransactionsErrorCode). A terminal takes payments only while it has an open shift, and has at
 * most one; a closed shift accepts nothing more.
 */
export const ShiftsActions = {
  /** `{terminalId, shiftId, operatorId, openingFloatMinor}` → the open shift; `invalid_state` while another is open. */
  open: 'transactions.openShift',
  /** `{terminalId, shiftId, countedCashMinor}` → the Z report; `invalid_state` once closed or while a payment runs. */
  close: 'transactions.closeShift',
  /** `{terminalId?, shiftId}` → the X report while open (running figures), the Z report once closed (final). */
  report: 'transactions.shiftReport',
  /** `{terminalId, status?, limit}` → `{shifts}`, newest first. */
  list: 'transactions.listShifts',
} as const;

export const shiftStatus = z.enum(['open', 'closed']);
export type ShiftStatus = z.infer<typeof shiftStatus>;

/** nexo OperatorID: whoever works the till. */
export const operatorId = requiredText(64);

/** `POST /pos/terminals/{id}/shifts/open`. */
export const openShiftRequest = z.object({ operatorId, openingFloatMinor: nonNegativeMinor }).strict();
export type OpenShiftRequest = z.infer<typeof openShiftRequest>;
/** `shiftId` derives from the Idempotency-Key, so a retried open finds the shift it opened. */
export const openShiftParams = openShiftRequest.safeExtend({ terminalId, shiftId: uuid });
export type OpenShiftParams = z.infer<typeof openShiftParams>;

/** `POST /pos/terminals/{id}/shifts/{shiftId}/close`: the cash counted in the drawer. */
export const closeShiftRequest = z.object({ countedCashMinor: nonNegativeMinor }).strict();
export type CloseShiftRequest = z.infer<typeof closeShiftRequest>;
export const closeShiftParams = closeShiftRequest.safeExtend({ terminalId, shiftId: uuid });
export type CloseShiftParams = z.infer<typeof closeShiftParams>;

export const shiftParams = z.object({ terminalId, shiftId: uuid });
export type ShiftParams = z.infer<typeof shiftParams>;
/** `transactions.shiftReport`: the terminal may be left out by callers that know only the shift (reports). */
export const shiftReportParams = z.object({ terminalId: terminalId.optional(), shiftId: uuid });
export type ShiftReportParams = z.infer<typeof shiftReportParams>;

export const listShiftsParams = z.object({
  terminalId,
  status: shiftStatus.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ListShiftsParams = z.output<typeof listShiftsParams>;

export const shift = z.object({
  id: uuid,
  terminalId,
  operatorId: z.string(),
  /** Per terminal, 1 and up (nexo ShiftNumber). */
  shiftNumber: z.number().int().min(1),
  status: shiftStatus,
  openingFloatMinor: nonNegativeMinor,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** Both set at close. */
  expectedCashMinor: minorUnits.nullable(),
  countedCashMinor: nonNegativeMinor.nullable(),
});
export type Shift = z.infer<typeof shift>;
export const listShiftsResult = z.object({ shifts: z.array(shift) });

/**
 * X report (open shift: the figures so far) or Z report (closed: the figures at close, final).
 * expectedCash = openingFloat + cashSales − cashRefunds − changeGiven, where cashSales is the cash
 * taken into the drawer (tendered, or the cash amount when nothing was tendered), so change given
 * is what went back out of it. variance = counted − expected (negative: the drawer is short).
 */
export const shiftReport = z.object({
  shiftId: uuid,
  terminalId,
  operatorId: z.string(),
  shiftNumber: z.number().int().min(1),
  status: shiftStatus,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  openingFloatMinor: nonNegativeMinor,
  cashSalesMinor: nonNegativeMinor,
  cashRefundsMinor: nonNegativeMinor,
  changeGivenMinor: nonNegativeMinor,
  expectedCashMinor: minorUnits,
  countedCashMinor: nonNegativeMinor.nullable(),
  varianceMinor: minorUnits.nullable(),
  /** Sales completed in the shift (refunded ones included). */
  transactions: z.number().int().min(0),
  /** Sales by tender, in minor units: what each method paid of the sales' totals (cash net of change). */
  byMethod: z.object({ cash: nonNegativeMinor, card: nonNegativeMinor, points: nonNegativeMinor }),
});
export type ShiftReport = z.infer<typeof shiftReport>;
