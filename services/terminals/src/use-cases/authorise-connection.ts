import type { Vendor } from '../adapters/vendor-adapter';
import { certificateRejection, type ConnectionClaim, type ListenerRejection } from '../domain/listener-rejection';
import type { TerminalsDeps } from './terminals.deps';

/** The verified peer certificate as TLS reports it. */
export interface PeerCertificate {
  readonly commonName: string;
  readonly serialNumber: string;
  readonly fingerprint: string;
}

/** An allowed connection speaks its terminal's vendor protocol. */
export type Authorisation = { readonly ok: true; readonly vendor: Vendor } | { readonly ok: false; readonly rejection: ListenerRejection };

/**
 * Checks a certificate that passed TLS verification against the registry, per connection, so a
 * revocation applies from the next handshake on.
 */
export async function authoriseConnection(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'certificates'>,
  peer: PeerCertificate,
  claim: ConnectionClaim,
): Promise<Authorisation> {
  const [terminal, issued] = await Promise.all([
    deps.terminals.get(deps.db, peer.commonName),
    deps.certificates.standing(deps.db, peer.serialNumber),
  ]);
  const ownIssued = issued && issued.terminalId === peer.commonName ? issued : undefined;
  const rejection = certificateRejection({ fingerprint: peer.fingerprint, terminal, issued: ownIssued }, claim, new Date());
  return rejection || !terminal ? { ok: false, rejection: rejection ?? 'unknown_terminal' } : { ok: true, vendor: terminal.vendor };
}
