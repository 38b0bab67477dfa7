import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import type { Terminal } from '../db/terminals.repository';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps, TerminalsPeers } from './terminals.deps';

/**
 * Renames a terminal or moves it to another department. A move is refused while the terminal has
 * open transactions: they were allocated to the department the terminal had when they began.
 */
export async function updateTerminal(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  peers: TerminalsPeers,
  { id, name, departmentCode }: z.output<typeof terminals.updateTerminalParams>,
): Promise<Terminal> {
  const current = await deps.terminals.get(deps.db, id);
  if (!current) throw terminalsErrors.terminalNotFound(id);
  const moves = departmentCode !== undefined && departmentCode !== current.departmentCode;
  if (moves) {
    if (!(await peers.departments.exists(departmentCode))) throw terminalsErrors.unknownDepartment(departmentCode);
    const open = await peers.openTransactions.count(id);
    if (open > 0) throw terminalsErrors.openTransactions(id, open);
  }
  const changes = { ...(name !== undefined && { name }), ...(moves && { departmentCode }) };
  if (Object.keys(changes).length === 0) return current;
  const updated = await deps.terminals.update(deps.db, id, changes);
  if (!updated) throw terminalsErrors.terminalNotFound(id);
  return updated;
}
