import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/**
 * Issues a client certificate for a registered terminal (CN = its id). When the terminal already
 * has valid ones this is a rotation: they stay accepted for the configured overlap, then end. The
 * private key is returned here and kept nowhere.
 */
export async function issueCertificate(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'certificates' | 'ca' | 'certOverlapSeconds'>,
  { terminalId }: z.output<typeof terminals.issueCertificateParams>,
): Promise<terminals.IssuedCertificate> {
  if (!(await deps.terminals.get(deps.db, terminalId))) throw terminalsErrors.terminalNotFound(terminalId);
  const now = new Date();
  const issued = await deps.ca.issueClient(terminalId, now);
  const supersedeAt = new Date(now.getTime() + deps.certOverlapSeconds * 1000);
  const stored = await deps.db.transaction((tx) => deps.certificates.insertSuperseding(tx, { ...issued, terminalId }, supersedeAt));
  // Removed between the check and the insert.
  if (!stored) throw terminalsErrors.terminalNotFound(terminalId);
  return { certificate: stored.certificate, privateKeyPem: issued.privateKeyPem, superseded: stored.superseded };
}
