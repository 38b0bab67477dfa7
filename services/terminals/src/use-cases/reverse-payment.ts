import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import { serviceId as newServiceId } from '@tillwire/platform';
import type { StoredCommand } from '../db/commands.repository';
import { terminalsErrors } from '../terminals.errors';
import { answerWindowMs } from './pay-on-terminal';
import { sendAndSettle, sendCommand } from './send-command';
import { settledCommand } from './settled-command';
import type { TerminalsDeps } from './terminals.deps';

export type ReverseRequest = z.output<typeof terminals.reverseParams>;

/** `not_found`: no approved payment under that ServiceID, so there was nothing to undo. */
export interface ReverseResult {
  readonly outcome: 'reversed' | 'not_found';
  readonly reference: string | null;
}

/**
 * The saga's compensation of `pay`. An attempt that never left is stopped from leaving; one still on
 * the terminal is aborted and its outcome awaited; an approved one is reversed in full. Raises
 * `terminal_unavailable` while the outcome cannot be known yet, so the compensation is retried.
 */
export async function reversePayment(deps: TerminalsDeps, request: ReverseRequest): Promise<ReverseResult> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const notFound: ReverseResult = { outcome: 'not_found', reference: null };
  const payment = await settledPayment(deps, terminal.id, request.serviceId);
  if (!payment) return notFound;
  const { serviceId } = payment;
  const paid = payment.reply;
  if (payment.state === 'failed' || payment.request.kind !== 'pay' || paid?.kind !== 'pay' || paid.outcome !== 'approved' || paid.reference === null) {
    return notFound;
  }
  // A compensation retried after its reversal went through asks nothing more of the terminal.
  const earlier = await deps.commands.reversalOf(deps.db, terminal.id, serviceId);
  if (earlier) return { outcome: 'reversed', reference: earlier.reference ?? paid.reference };
  const { amountMinor, currency } = payment.request;
  const reversal = { kind: 'reverse', serviceId: newServiceId(), ofServiceId: serviceId, reference: paid.reference, amountMinor, currency } as const;
  const answer = await sendAndSettle(deps, terminal.id, reversal, 2 * deps.timeouts.commandMs);
  const reply = answer.reply;
  if (answer.state === 'failed' || reply?.kind !== 'reverse') {
    throw terminalsErrors.unavailable(terminal.id, `the reversal of ${serviceId} ${answer.failure ?? 'was not answered'}; try again`);
  }
  if (reply.outcome === 'refused') throw terminalsErrors.refundedPayment(terminal.id, serviceId);
  return reply.outcome === 'reversed' ? { outcome: 'reversed', reference: reply.reference ?? paid.reference } : notFound;
}

/**
 * The payment `serviceId` once it is over: one still queued is stopped from leaving (failed), one on
 * the terminal is aborted and awaited. Undefined when it was never stored.
 */
async function settledPayment(deps: TerminalsDeps, terminalId: string, serviceId: string): Promise<StoredCommand | undefined> {
  const listener = deps.waiters.listen(terminalId, serviceId);
  try {
    const payment = await deps.commands.get(deps.db, terminalId, serviceId);
    if (!payment || payment.state === 'answered' || payment.state === 'failed') return payment;
    if (payment.state === 'queued' && (await deps.commands.settle(deps.db, terminalId, serviceId, 'queued', { failure: 'undeliverable' }))) {
      const stopped = { ...payment, state: 'failed' as const, reply: null, failure: 'undeliverable' as const };
      await deps.settled(stopped);
      return stopped;
    }
    await sendCommand(deps, terminalId, { kind: 'abort', serviceId: newServiceId(), ofServiceId: serviceId, reason: 'MerchantAbort' });
    return await settledCommand(deps, payment, answerWindowMs(deps), listener);
  } finally {
    listener.stop();
  }
}
