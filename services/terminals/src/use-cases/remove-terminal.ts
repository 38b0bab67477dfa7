import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import type { Terminal } from '../db/terminals.repository';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps, TerminalsPeers } from './terminals.deps';

/**
 * Deletes a terminal with its events and certificates in one transaction, unless it has open
 * transactions. Answers the terminal as it was.
 */
export async function removeTerminal(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  peers: Pick<TerminalsPeers, 'openTransactions'>,
  { id }: z.output<typeof terminals.removeTerminalParams>,
): Promise<Terminal> {
  if (!(await deps.terminals.get(deps.db, id))) throw terminalsErrors.terminalNotFound(id);
  const open = await peers.openTransactions.count(id);
  if (open > 0) throw terminalsErrors.removalWithOpenTransactions(id, open);
  const removed = await deps.db.transaction((tx) => deps.terminals.remove(tx, id));
  if (!removed) throw terminalsErrors.terminalNotFound(id);
  return removed;
}
