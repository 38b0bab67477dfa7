import { terminals, type shifts } from '@tillwire/contracts';
import type { ShiftRecord } from '../db/shifts.repository';
import { toShiftView } from '../domain/shift-report';
import { shiftAlreadyOpen, TransactionsError, TransactionsErrorCode } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';

/** Opens at most this many times when concurrent opens keep taking the next shift number. */
const ATTEMPTS = 3;

/**
 * Opens a cashier shift on a registered terminal with its next shift number. Refused while the
 * terminal has an open shift (its id in the details); a repeated shift id answers that shift again.
 */
export async function openShift({ deps }: CheckoutContext, params: shifts.OpenShiftParams): Promise<shifts.Shift> {
  const again = await deps.shifts.find(deps.sql, params.shiftId);
  if (again) return sameTerminal(again, params.terminalId);
  const terminal = await deps.terminals.get(params.terminalId, (id) => deps.call<terminals.Terminal>(terminals.TerminalsActions.get, { id }));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const opened = await deps.shifts.insertOpen(deps.sql, {
      id: params.shiftId,
      terminalId: terminal.id,
      operatorId: params.operatorId,
      openingFloatMinor: params.openingFloatMinor,
    });
    if (opened) return toShiftView(opened);
    // Nothing was written: this same open ran concurrently, another shift is open, or one took the number.
    const raced = await deps.shifts.find(deps.sql, params.shiftId);
    if (raced) return sameTerminal(raced, terminal.id);
    const open = await deps.shifts.findOpen(deps.sql, terminal.id);
    if (open) throw shiftAlreadyOpen(terminal.id, open.id);
  }
  throw new TransactionsError(TransactionsErrorCode.InProgress, `Shifts of terminal ${terminal.id} keep opening concurrently`, {
    terminalId: terminal.id,
  });
}

function sameTerminal(shift: ShiftRecord, terminalId: string): shifts.Shift {
  if (shift.terminalId !== terminalId) {
    throw new TransactionsError(TransactionsErrorCode.ValidationFailed, `Shift ${shift.id} belongs to another terminal`, { shiftId: shift.id });
  }
  return toShiftView(shift);
}
