import type { PayRequest, PayResult } from '../adapters/card-terminal';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/**
 * One card authorisation. A decline is an answer (`outcome: "declined"` with its reason), not an
 * error; repeating the request with the same ServiceID returns the first answer.
 */
export async function payOnTerminal(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'cardTerminal'>,
  request: PayRequest,
): Promise<PayResult> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const attempt = await deps.cardTerminal.pay(terminal, request);
  if (!attempt.ok) throw terminalsErrors.serviceIdReused(terminal.id, request.serviceId);
  return attempt.result;
}
