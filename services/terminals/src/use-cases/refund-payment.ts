import type { RefundRequest, RefundResult } from '../adapters/card-terminal';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/** Refunds (part of) an approved payment by its reference; idempotent by refundId. */
export async function refundPayment(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'cardTerminal'>,
  request: RefundRequest,
): Promise<RefundResult> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const attempt = await deps.cardTerminal.refund(terminal, request);
  if (!attempt.ok) throw terminalsErrors.refundIdReused(request.refundId);
  return attempt.result;
}
