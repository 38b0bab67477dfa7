import type { Terminal } from '../db/terminals.repository';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

export async function getTerminal(deps: Pick<TerminalsDeps, 'db' | 'terminals'>, { id }: { id: string }): Promise<Terminal> {
  const terminal = await deps.terminals.get(deps.db, id);
  if (!terminal) throw terminalsErrors.terminalNotFound(id);
  return terminal;
}
