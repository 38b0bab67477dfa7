import type { ReverseRequest, ReverseResult } from '../adapters/card-terminal';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/** The saga's compensation of `pay`; `not_found` means there was no approved payment to undo. */
export async function reversePayment(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'cardTerminal'>,
  request: ReverseRequest,
): Promise<ReverseResult> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const attempt = await deps.cardTerminal.reverse(terminal, request);
  if (attempt.ok) return attempt.result;
  switch (attempt.code) {
    case 'payment_refunded':
      throw terminalsErrors.refundedPayment(terminal.id, request.serviceId);
    case 'service_id_reused':
      throw terminalsErrors.serviceIdReused(terminal.id, request.serviceId);
  }
}
