import type { Terminal } from '../db/terminals.repository';
import type { TerminalsDeps } from './terminals.deps';

export async function listTerminals(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  filter: { departmentCode?: string | undefined },
): Promise<{ terminals: Terminal[] }> {
  const departmentCode = filter.departmentCode;
  return { terminals: await deps.terminals.list(deps.db, departmentCode ? { departmentCode } : {}) };
}
