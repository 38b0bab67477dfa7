import type { terminals } from '@tillwire/contracts';
import type { TerminalEvent } from '../db/events.repository';
import type { TerminalsDeps } from './terminals.deps';

/** The status each event leaves the terminal in; null keeps the one it has. */
const STATUS_AFTER: Record<terminals.TerminalEventType, terminals.Terminal['status'] | null> = {
  connected: 'online',
  disconnected: 'offline',
  error: 'error',
  ack: null,
  printed: null,
};

/**
 * Persists a lifecycle event and the terminal's status and lastSeenAt in one transaction, then
 * publishes it. Undefined when the terminal no longer exists (removed while a session was open).
 */
export async function recordEvent(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'terminalEvents' | 'publishEvent'>,
  terminalId: string,
  type: terminals.TerminalEventType,
  payload: Record<string, unknown> = {},
): Promise<TerminalEvent | undefined> {
  const event = await deps.db.transaction(async (tx) => {
    if (!(await deps.terminals.markSeen(tx, terminalId, STATUS_AFTER[type]))) return undefined;
    return deps.terminalEvents.insert(tx, { terminalId, type, payload });
  });
  // Published only once committed, so a listener never hears of an event the table lacks.
  if (event) await deps.publishEvent(event);
  return event;
}
