import { shifts, terminals, uuid } from '@tillwire/contracts';
import { derivedUuid } from '@tillwire/platform';
import { z } from 'zod';
import { defineRoute, limitQuery, type Route } from './route';

const S = shifts.ShiftsActions;

const byTerminal = z.object({ id: terminals.terminalId });
const byShift = z.object({ id: terminals.terminalId, shiftId: uuid });
const listQuery = z.object({
  status: shifts.shiftStatus.optional(),
  limit: limitQuery(shifts.listShiftsParams.shape.limit.unwrap()),
});

/** Cashier shifts: a terminal takes payments only while one is open; X report while open, Z report at close. */
export const SHIFT_ROUTES: readonly Route[] = [
  defineRoute({
    id: 'openShift',
    method: 'POST',
    path: '/pos/terminals/:id/shifts/open',
    params: byTerminal,
    summary:
      "Open a cashier shift with the operator and the opening float; it gets the terminal's next shift number (409 invalid_state with the open shift's id while one is open)",
    tag: 'POS',
    body: shifts.openShiftRequest,
    response: shifts.shift,
    status: 201,
    // The id derives from the key, so a retry after a crash finds the shift it opened.
    call: ({ path, body, idempotencyKey }, broker) =>
      broker.call(S.open, { ...body, terminalId: path.id, shiftId: derivedUuid(`${path.id}/shift/${idempotencyKey}`) }),
  }),
  defineRoute({
    id: 'closeShift',
    method: 'POST',
    path: '/pos/terminals/:id/shifts/:shiftId/close',
    params: byShift,
    summary:
      'Close an open shift with the cash counted in the drawer → its Z report: expected cash (float + cash sales − cash refunds − change given), counted, variance (409 invalid_state once closed or while a payment is being taken)',
    tag: 'POS',
    body: shifts.closeShiftRequest,
    response: shifts.shiftReport,
    status: 200,
    call: ({ path, body }, broker) => broker.call(S.close, { ...body, terminalId: path.id, shiftId: path.shiftId }),
  }),
  defineRoute({
    id: 'shiftReport',
    method: 'GET',
    path: '/pos/terminals/:id/shifts/:shiftId/report',
    params: byShift,
    summary: "A shift's X report while it is open (its figures so far), its Z report once closed (the figures at close, final)",
    tag: 'POS',
    response: shifts.shiftReport,
    status: 200,
    call: ({ path }, broker) => broker.call(S.report, { terminalId: path.id, shiftId: path.shiftId }),
  }),
  defineRoute({
    id: 'listShifts',
    method: 'GET',
    path: '/pos/terminals/:id/shifts',
    params: byTerminal,
    summary: "A terminal's shifts, newest first; status=open finds the current one (limit 1-500, default 50)",
    tag: 'POS',
    query: listQuery,
    response: shifts.listShiftsResult,
    status: 200,
    call: ({ path, query }, broker) => broker.call(S.list, { ...query, terminalId: path.id }),
  }),
];
