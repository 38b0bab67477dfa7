import 'reflect-metadata';
import { KeyObject, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 signs through WebCrypto; Node's own implementation is the one to use.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
const CA_VALIDITY_MS = 20 * 365 * DAY_MS;

export interface CertificateAuthority {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

export interface IssuedCertificate {
  readonly serialNumber: string;
  readonly fingerprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly certificatePem: string;
  /** PKCS#8 PEM, unencrypted: handed to the holder once. */
  readonly privateKeyPem: string;
}

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A self-signed CA that may sign end-entity certificates only (path length 0). */
export async function createCertificateAuthority(now: Date): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  // A distinct name per installation: a peer's certificate from another Tillwire CA is "unknown CA", not a bad signature.
  const name = `CN=Tillwire Terminal CA ${randomBytes(4).toString('hex')}, O=Tillwire`;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: now,
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: `${certificate.toString('pem')}\n`, privateKey: KeyObject.from(keys.privateKey) };
}

/** A terminal's client certificate: CN = terminal id, for TLS client authentication only. */
export function issueClientCertificate(ca: CertificateAuthority, commonName: string, validity: Validity): Promise<IssuedCertificate> {
  return issue(ca, commonName, validity, [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])]);
}

/** The listener's own certificate, valid for its host, the names terminals reach it by, and loopback. */
export function issueServerCertificate(
  ca: CertificateAuthority,
  host: string,
  serverNames: readonly string[],
  validity: Validity,
): Promise<IssuedCertificate> {
  const names = new Set([host, ...serverNames, '127.0.0.1', 'localhost']);
  const altNames = [...names].map((value) => ({ type: isIpAddress(value) ? ('ip' as const) : ('dns' as const), value }));
  return issue(ca, host, validity, [
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(altNames),
  ]);
}

async function issue(
  ca: CertificateAuthority,
  commonName: string,
  { notBefore, notAfter }: Validity,
  extensions: x509.Extension[],
): Promise<IssuedCertificate> {
  const keys = await generateKeys();
  const issuer = new x509.X509Certificate(ca.certificatePem);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: new x509.Name([{ CN: [commonName] }]),
    issuer: issuer.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: await signingKey(ca.privateKey),
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuer, false),
      ...extensions,
    ],
  });
  const certificatePem = `${certificate.toString('pem')}\n`;
  const parsed = new X509Certificate(certificatePem);
  return {
    serialNumber: parsed.serialNumber.toUpperCase(),
    fingerprint: parsed.fingerprint256,
    notBefore,
    notAfter,
    certificatePem,
    privateKeyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

type KeyPair = webcrypto.CryptoKeyPair;

function generateKeys(): Promise<KeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<KeyPair>;
}

/** Node 20's KeyObject has no toCryptoKey; a round trip through PKCS#8 DER does the same. */
function signingKey(privateKey: KeyObject): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), ALGORITHM, false, ['sign']);
}

/**
 * 16 random bytes whose first is 0x10-0x7F: positive (RFC 5280) and without a leading zero, so the
 * hex TLS peers report is the hex stored.
 */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x6f) | 0x10;
  return bytes.toString('hex').toUpperCase();
}

function isIpAddress(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(':');
}
