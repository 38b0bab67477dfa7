import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import type { TerminalsDeps } from './terminals.deps';

/** How many terminals a department has: it cannot be removed while it has any. */
export async function countTerminals(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  { departmentCode }: z.output<typeof terminals.countTerminalsParams>,
): Promise<z.output<typeof terminals.countTerminalsResult>> {
  return { count: await deps.terminals.countByDepartment(deps.db, departmentCode) };
}
