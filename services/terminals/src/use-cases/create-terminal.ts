import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import type { Terminal } from '../db/terminals.repository';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps, TerminalsPeers } from './terminals.deps';

/** A terminal is bound to an existing department and stock location when it is created; it starts offline. */
export async function createTerminal(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  peers: Pick<TerminalsPeers, 'departments' | 'locations'>,
  params: z.output<typeof terminals.createTerminalParams>,
): Promise<Terminal> {
  if (!(await peers.departments.exists(params.departmentCode))) {
    throw terminalsErrors.unknownDepartment(params.departmentCode);
  }
  if (!(await peers.locations.exists(params.locationCode))) throw terminalsErrors.unknownLocation(params.locationCode);
  const created = await deps.terminals.insert(deps.db, params);
  if (!created) throw terminalsErrors.alreadyExists(params.id);
  return created;
}
