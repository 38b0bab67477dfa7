import { shifts, terminals, uuid } from '@tillwire/contracts';
import { derivedUuid } from '@tillwire/platform';
import { z } from 'zod';
import { defineRoute, idOf, limitQuery, type Route } from './route';

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
    access: 'pos.sell',
    terminal: ({ path }) => path.id!,
    audit: { action: 'shift.open', entity: (_input, result) => ({ type: 'shift', id: idOf(result) }) },
    body: shifts.openShiftRequest,
    response: shifts.shift,
    status: 201,
    // The id derives from the key, so a retry after a crash finds the shift it opened.
    call: ({ path, body, idempotencyKey }, ctx) =>
      ctx.call(S.open, { ...body, terminalId: path.id, shiftId: derivedUuid(`${path.id}/shift/${idempotencyKey}`) }),
  }),
  defineRoute({
    id: 'closeShift',
    method: 'POST',
    path: '/pos/terminals/:id/shifts/:shiftId/close',
    params: byShift,
    summary:
      'Close an open shift with the cash counted in the drawer → its Z report: expected cash (float + cash sales − cash refunds − change given), counted, variance (409 invalid_state once closed or while a payment is being taken)',
    tag: 'POS',
    access: 'pos.sell',
    terminal: ({ path }) => path.id!,
    audit: { action: 'shift.close', entity: ({ path }) => ({ type: 'shift', id: path.shiftId! }) },
    body: shifts.closeShiftRequest,
    response: shifts.shiftReport,
    status: 200,
    call: ({ path, body }, ctx) => ctx.call(S.close, { ...body, terminalId: path.id, shiftId: path.shiftId }),
  }),
  defineRoute({
    id: 'shiftReport',
    method: 'GET',
    path: '/pos/terminals/:id/shifts/:shiftId/report',
    params: byShift,
    summary: "A shift's X report while it is open (its figures so far), its Z report once closed (the figures at close, final)",
    tag: 'POS',
    access: 'pos.read',
    terminal: ({ path }) => path.id!,
    response: shifts.shiftReport,
    status: 200,
    call: ({ path }, ctx) => ctx.call(S.report, { terminalId: path.id, shiftId: path.shiftId }),
  }),
  defineRoute({
    id: 'listShifts',
    method: 'GET',
    path: '/pos/terminals/:id/shifts',
    params: byTerminal,
    summary: "A terminal's shifts, newest first; status=open finds the current one (limit 1-500, default 50)",
    tag: 'POS',
    access: 'pos.read',
    terminal: ({ path }) => path.id!,
    query: listQuery,
    response: shifts.listShiftsResult,
    status: 200,
    call: ({ path, query }, ctx) => ctx.call(S.list, { ...query, terminalId: path.id }),
  }),
];
