import type { StoredCommand } from '../db/commands.repository';
import type { CommandListener } from '../gateway/command-waiters';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/** How often a waiter looks at the command itself, in case it missed the broadcast. */
const POLL_MS = 1_000;

/**
 * Waits until a stored command is answered or failed, from `known` on (read after `listener` began
 * to listen). One still queued when the delivery window closes was never sent, and fails as
 * `undeliverable`; one sent and still unanswered after `answerMs` raises `terminal_unavailable`:
 * its outcome is unknown, and asking again later finds it.
 */
export async function settledCommand(
  deps: Pick<TerminalsDeps, 'db' | 'commands' | 'timeouts' | 'settled'>,
  known: StoredCommand,
  answerMs: number,
  listener: CommandListener,
): Promise<StoredCommand> {
  const { terminalId, serviceId } = known;
  let command = known;
  for (;;) {
    if (command.state === 'answered' || command.state === 'failed') return command;
    const now = Date.now();
    if (command.state === 'queued' && now - command.createdAt.getTime() > deps.timeouts.deliveryMs) {
      // Whoever moves it first wins: a sender's claim, or this expiry (then it never leaves).
      if (await deps.commands.settle(deps.db, terminalId, serviceId, 'queued', { failure: 'undeliverable' })) {
        const failed = { ...command, state: 'failed' as const, reply: null, failure: 'undeliverable' as const };
        await deps.settled(failed);
        return failed;
      }
    } else if (command.state === 'sent' && now - command.sentAt!.getTime() > answerMs) {
      throw terminalsErrors.unavailable(terminalId, `no answer to ${command.request.kind} ${serviceId} yet; its outcome is not known`);
    }
    const heard = await listener.next(POLL_MS);
    const latest = heard ? { ...command, ...heard } : await deps.commands.get(deps.db, terminalId, serviceId);
    if (!latest) throw new Error(`Command ${serviceId} of terminal ${terminalId} is not stored`);
    command = latest;
  }
}
