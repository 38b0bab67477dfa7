import { terminals, type shifts } from '@tillwire/contracts';
import { toShiftView } from '../domain/shift-report';
import type { CheckoutContext } from './checkout-sagas';

/** A registered terminal's shifts, newest first; `status: 'open'` finds the current one. */
export async function listShifts({ deps }: CheckoutContext, params: shifts.ListShiftsParams): Promise<{ shifts: shifts.Shift[] }> {
  const terminal = await deps.terminals.get(params.terminalId, (id) => deps.call<terminals.Terminal>(terminals.TerminalsActions.get, { id }));
  const found = await deps.shifts.list(deps.sql, terminal.id, params.status, params.limit);
  return { shifts: found.map(toShiftView) };
}
