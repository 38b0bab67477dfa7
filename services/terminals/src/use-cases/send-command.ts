import { isDeepStrictEqual } from 'node:util';
import type { TerminalCommand } from '../adapters/vendor-adapter';
import type { StoredCommand } from '../db/commands.repository';
import { terminalsErrors } from '../terminals.errors';
import { settledCommand } from './settled-command';
import type { TerminalsDeps } from './terminals.deps';

/**
 * Stores a command before anything leaves, then hands it to the durable command channel. A command
 * stored earlier under the same ServiceID is returned instead (and handed on again while it is still
 * queued, in case the first hand-over was lost); another request under that ServiceID is refused.
 */
export async function sendCommand(
  deps: Pick<TerminalsDeps, 'db' | 'commands' | 'commandChannel'>,
  terminalId: string,
  command: TerminalCommand,
): Promise<StoredCommand> {
  const stored = await deps.commands.record(deps.db, terminalId, command);
  if (!stored) throw terminalsErrors.terminalNotFound(terminalId);
  if (!isDeepStrictEqual(stored.request, asStored(command))) throw terminalsErrors.serviceIdReused(terminalId, command.serviceId);
  if (stored.state === 'queued') await deps.commandChannel.dispatch({ terminalId, serviceId: command.serviceId, kind: command.kind });
  return stored;
}

/** Sends a command (or finds it sent) and waits until it is answered or failed; see settledCommand. */
export async function sendAndSettle(
  deps: Pick<TerminalsDeps, 'db' | 'commands' | 'commandChannel' | 'waiters' | 'timeouts' | 'settled'>,
  terminalId: string,
  command: TerminalCommand,
  answerMs: number,
): Promise<StoredCommand> {
  // Listening before sending: the answer may come back before the send returns.
  const listener = deps.waiters.listen(terminalId, command.serviceId);
  try {
    return await settledCommand(deps, await sendCommand(deps, terminalId, command), answerMs, listener);
  } finally {
    listener.stop();
  }
}

/** The command as JSONB gives it back: without undefined fields. */
const asStored = (command: TerminalCommand): unknown => JSON.parse(JSON.stringify(command));
