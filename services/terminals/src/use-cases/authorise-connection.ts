import { certificateRejection, type ConnectionClaim, type ListenerRejection } from '../domain/listener-rejection';
import type { TerminalsDeps } from './terminals.deps';

/** The verified peer certificate as TLS reports it. */
export interface PeerCertificate {
  readonly commonName: string;
  readonly serialNumber: string;
  readonly fingerprint: string;
}

/**
 * Checks a certificate that passed TLS verification against the registry, per connection, so a
 * revocation applies from the next handshake on. Undefined when the claim is allowed.
 */
export async function authoriseConnection(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'certificates'>,
  peer: PeerCertificate,
  claim: ConnectionClaim,
): Promise<ListenerRejection | undefined> {
  const [terminal, issued] = await Promise.all([
    deps.terminals.get(deps.db, peer.commonName),
    deps.certificates.standing(deps.db, peer.serialNumber),
  ]);
  const ownIssued = issued && issued.terminalId === peer.commonName ? issued : undefined;
  return certificateRejection({ fingerprint: peer.fingerprint, terminal, issued: ownIssued }, claim, new Date());
}
