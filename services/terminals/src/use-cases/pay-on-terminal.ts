import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import type { StoredCommand } from '../db/commands.repository';
import { sendAndSettle } from './send-command';
import type { TerminalsDeps } from './terminals.deps';

export type PayRequest = z.output<typeof terminals.payParams>;

/**
 * One card payment attempt, exactly once: stored under its ServiceID before it leaves, and a repeat
 * of the request waits for that same attempt instead of sending it again. A decline is an answer,
 * not an error; `failed` says this attempt charged nothing and a new one may start.
 */
export async function payOnTerminal(deps: TerminalsDeps, request: PayRequest): Promise<terminals.PayResult> {
  const { terminalId, serviceId, transactionId, amountMinor, currency } = request;
  const command = { kind: 'pay', serviceId, transactionId, amountMinor, currency } as const;
  return payResultOf(await sendAndSettle(deps, terminalId, command, answerWindowMs(deps)));
}

/** A payment may take the terminal's whole payment timeout, and then a status query. */
export const answerWindowMs = (deps: Pick<TerminalsDeps, 'timeouts'>): number =>
  deps.timeouts.paymentMs + 2 * deps.timeouts.commandMs;

function payResultOf(command: StoredCommand): terminals.PayResult {
  if (command.state === 'failed') return { outcome: 'failed', reference: null, reason: command.failure ?? 'not_found' };
  const reply = command.reply;
  if (reply?.kind !== 'pay') throw new Error(`Payment ${command.serviceId} was answered with ${reply?.kind ?? 'nothing'}`);
  if (reply.outcome === 'refused') return { outcome: 'failed', reference: null, reason: `refused:${reply.reason ?? 'unknown'}` };
  return reply.outcome === 'approved'
    ? { outcome: 'approved', reference: reply.reference }
    : { outcome: 'declined', reference: null, reason: reply.reason ?? 'declined' };
}
