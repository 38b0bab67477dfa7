import { loadOrCreateCa, type CaStoreOptions } from './ca-store';
import {
  issueClientCertificate,
  issueServerCertificate,
  type CertificateAuthority,
  type IssuedCertificate,
} from './x509-issuer';

const DAY_MS = 86_400_000;
/** Client certificates last a year; rotation replaces them well before. */
const CLIENT_VALIDITY_MS = 365 * DAY_MS;
/** The listener's certificate is made afresh at every start. */
const SERVER_VALIDITY_MS = 397 * DAY_MS;
/** Tolerates clocks of terminals that run a little behind. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Tillwire's terminal CA as the service uses it, once `load` has read (or created) it. */
export interface TerminalCa {
  load(): Promise<void>;
  certificatePem(): string;
  issueClient(terminalId: string, now: Date): Promise<IssuedCertificate>;
  /** The listener's certificate: for its host, the names terminals reach it by, and loopback. */
  issueServer(host: string, serverNames: readonly string[], now: Date): Promise<IssuedCertificate>;
}

export function terminalCa(options: CaStoreOptions): TerminalCa {
  let authority: CertificateAuthority | undefined;
  const loaded = (): CertificateAuthority => {
    if (!authority) throw new Error('The terminal CA is not loaded yet');
    return authority;
  };
  const validity = (now: Date, ms: number) => ({
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + ms),
  });
  return {
    async load() {
      authority = await loadOrCreateCa(options);
    },
    certificatePem: () => loaded().certificatePem,
    issueClient: (terminalId, now) => issueClientCertificate(loaded(), terminalId, validity(now, CLIENT_VALIDITY_MS)),
    issueServer: (host, serverNames, now) => issueServerCertificate(loaded(), host, serverNames, validity(now, SERVER_VALIDITY_MS)),
  };
}
