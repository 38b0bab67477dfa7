import { recordEvent } from './record-event';
import type { TerminalsDeps } from './terminals.deps';

/** A terminal's first session opened (`connected`, online) or its last one closed (`disconnected`, offline). */
export async function recordConnection(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'terminalEvents' | 'publishEvent'>,
  terminalId: string,
  status: 'online' | 'offline',
): Promise<void> {
  await recordEvent(deps, terminalId, status === 'online' ? 'connected' : 'disconnected');
}
