import type { terminals } from '@tillwire/contracts';
import { serviceId } from '@tillwire/platform';
import type { z } from 'zod';
import { terminalsErrors } from '../terminals.errors';
import { answerWindowMs } from './pay-on-terminal';
import { sendAndSettle } from './send-command';
import type { TerminalsDeps } from './terminals.deps';

export type RefundRequest = z.output<typeof terminals.terminalRefundParams>;

/**
 * Refunds (part of) an approved payment by its reference. The ServiceID is derived from the refund
 * id, so asking again waits for the same refund and never pays out twice. A refund the terminal
 * never took (offline, or it does not know it) is declined with reason `terminal_unreachable`.
 */
export async function refundPayment(deps: TerminalsDeps, request: RefundRequest): Promise<terminals.PayResult> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const refundServiceId = serviceId(`refund:${request.refundId}`);
  const { reference, amountMinor, currency } = request;
  const command = { kind: 'refund', serviceId: refundServiceId, reference, amountMinor, currency } as const;
  const answer = await sendAndSettle(deps, terminal.id, command, answerWindowMs(deps)).catch((error: unknown) => {
    throw (error as { code?: string }).code === 'invalid_state' ? terminalsErrors.refundIdReused(request.refundId) : error;
  });
  const reply = answer.reply;
  if (answer.state === 'failed' || reply?.kind !== 'refund') return { outcome: 'declined', reference: null, reason: 'terminal_unreachable' };
  if (reply.outcome === 'refused') return { outcome: 'declined', reference: null, reason: reply.reason ?? 'refused' };
  return reply.outcome === 'approved'
    ? { outcome: 'approved', reference: reply.reference }
    : { outcome: 'declined', reference: null, reason: reply.reason ?? 'declined' };
}
