import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import { terminalsErrors } from '../terminals.errors';
import type { TerminalsDeps } from './terminals.deps';

/**
 * Ends a certificate now, with the reason; the listener refuses it from the next handshake on. A
 * rotated certificate still in its overlap may be cut short this way.
 */
export async function revokeCertificate(
  deps: Pick<TerminalsDeps, 'db' | 'certificates'>,
  { terminalId, serialNumber, reason }: z.output<typeof terminals.revokeCertificateParams>,
): Promise<terminals.TerminalCertificate> {
  const revoked = await deps.certificates.revoke(deps.db, terminalId, serialNumber, reason);
  if (revoked) return revoked;
  const current = await deps.certificates.get(deps.db, terminalId, serialNumber);
  if (!current) throw terminalsErrors.certificateNotFound(terminalId, serialNumber);
  throw terminalsErrors.certificateAlreadyRevoked(terminalId, serialNumber, current.revokedAt ?? '');
}
