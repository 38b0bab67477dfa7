import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/** A terminal's certificates, oldest first, ended ones included. */
export async function listCertificates(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'certificates'>,
  { terminalId }: z.output<typeof terminals.listCertificatesParams>,
): Promise<z.output<typeof terminals.listCertificatesResult>> {
  if (!(await deps.terminals.get(deps.db, terminalId))) throw terminalsErrors.terminalNotFound(terminalId);
  return { certificates: await deps.certificates.listByTerminal(deps.db, terminalId) };
}
