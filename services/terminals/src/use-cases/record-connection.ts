import { recordEvent } from './record-event';
import type { TerminalsDeps } from './terminals.deps';

/**
 * A terminal's first session on `node` opened (`connected`, online: commands go to `node` now) or
 * its last one there closed (`disconnected`, offline).
 */
export async function recordConnection(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'terminalEvents' | 'publishEvent'>,
  terminalId: string,
  node: string,
  status: 'online' | 'offline',
): Promise<void> {
  await deps.terminals.setSessionNode(deps.db, terminalId, status === 'online' ? { opened: node } : { closed: node });
  await recordEvent(deps, terminalId, status === 'online' ? 'connected' : 'disconnected');
}
