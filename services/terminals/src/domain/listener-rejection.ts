import type { terminals } from '@tillwire/contracts';

export type ListenerRejection = terminals.ListenerRejection;

/** OpenSSL verification results (Node's `authorizationError`) that mean "not signed by our CA". */
const FOREIGN_ISSUER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);
const OUT_OF_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * Why a TLS handshake failed, from the error the server reported and the verification result
 * of the peer's certificate (null when none was checked). A missing certificate fails the
 * handshake itself; a bad one passes OpenSSL and is then refused by Node with the result.
 */
export function handshakeRejection(errorCode: string | undefined, authorizationError: string | null | undefined): ListenerRejection {
  if (errorCode === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') return 'no_certificate';
  if (authorizationError && OUT_OF_DATES.has(authorizationError)) return 'expired';
  if (authorizationError && FOREIGN_ISSUER.has(authorizationError)) return 'unknown_ca';
  return 'handshake_failed';
}

/** What the listener knows of a verified peer certificate and what the registry holds for it. */
export interface PresentedCertificate {
  readonly fingerprint: string;
  readonly terminal: { readonly id: string; readonly vendor: string } | undefined;
  /** The registry's row for the certificate's serial number. */
  readonly issued: { readonly fingerprint: string; readonly revokedAt: Date | null } | undefined;
}

/** What the connection claims to be: a terminal's session, or a vendor cloud posting events. */
export type ConnectionClaim = { readonly terminalId: string } | { readonly vendor: string };

/**
 * Whether a certificate that passed TLS verification may be used for the claim, at `now`. The
 * revocation time may lie ahead: a rotated certificate stays valid until its overlap ends.
 */
export function certificateRejection(presented: PresentedCertificate, claim: ConnectionClaim, now: Date): ListenerRejection | undefined {
  const { terminal, issued } = presented;
  if (!terminal) return 'unknown_terminal';
  if (!issued || issued.fingerprint !== presented.fingerprint) return 'unknown_certificate';
  if (issued.revokedAt !== null && issued.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if ('terminalId' in claim && claim.terminalId !== terminal.id) return 'terminal_mismatch';
  if ('vendor' in claim && claim.vendor !== terminal.vendor) return 'vendor_mismatch';
  return undefined;
}
