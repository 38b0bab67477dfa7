import type { terminals } from '@tillwire/contracts';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/** A terminal's latest lifecycle events, oldest first; not_found for an unknown terminal. */
export async function listEvents(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'terminalEvents'>,
  { terminalId, afterId, limit }: { terminalId: string; afterId?: string; limit: number },
): Promise<{ events: terminals.TerminalEvent[] }> {
  if (!(await deps.terminals.get(deps.db, terminalId))) throw terminalsErrors.terminalNotFound(terminalId);
  return { events: await deps.terminalEvents.listLatest(deps.db, terminalId, { ...(afterId ? { afterId } : {}), limit }) };
}
