import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { publishOnce, readIfExists, replaceFile } from '@tillwire/platform';
import { createCertificateAuthority, type CertificateAuthority } from './x509-issuer';

/** One file holds the CA certificate and its key, so creating both is a single atomic step. */
export const CA_FILE = 'ca.pem';
const KEY_CIPHER = 'aes-256-cbc';

export interface CaStoreOptions {
  readonly dir: string;
  /** Encrypts the key on disk; without it the key is kept in the clear, readable by its owner only. */
  readonly passphrase: string | undefined;
  readonly logger: { info(message: string): void; warn(message: string): void };
}

/**
 * Tillwire's terminal CA from `dir`, created on first use. Nodes starting together on one directory
 * all end up with the same CA: the first to link its file wins and the others load it.
 */
export async function loadOrCreateCa({ dir, passphrase, logger }: CaStoreOptions): Promise<CertificateAuthority> {
  const file = path.join(dir, CA_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readIfExists(file);
  if (existing === undefined) {
    const created = await createCertificateAuthority(new Date());
    if (await publishOnce(file, bundle(created, passphrase))) {
      logger.info(`Created the terminal CA in ${file}`);
      warnIfUnprotected(passphrase, file, logger);
      return created;
    }
  }
  const ca = parseBundle((existing ?? (await readFile(file, 'utf8'))), passphrase, file);
  if (ca.encrypted === false && passphrase !== undefined) {
    await replaceFile(file, bundle(ca, passphrase));
    logger.info(`Encrypted the terminal CA's key in ${file} with CA_KEY_PASSPHRASE`);
  } else {
    warnIfUnprotected(passphrase, file, logger);
  }
  return { certificatePem: ca.certificatePem, privateKey: ca.privateKey };
}

/** The file's text: the CA certificate, then its PKCS#8 key (encrypted when there is a passphrase). */
function bundle(ca: CertificateAuthority, passphrase: string | undefined): string {
  const key = passphrase
    ? ca.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: KEY_CIPHER, passphrase })
    : ca.privateKey.export({ type: 'pkcs8', format: 'pem' });
  return `${ca.certificatePem.trim()}\n${key.toString().trim()}\n`;
}

function parseBundle(
  text: string,
  passphrase: string | undefined,
  file: string,
): CertificateAuthority & { encrypted: boolean } {
  const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  const keyPem = /-----BEGIN (ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (ENCRYPTED )?PRIVATE KEY-----/.exec(text);
  if (!certificatePem || !keyPem) throw new Error(`${file} does not hold a CA certificate and its key`);
  const encrypted = keyPem[1] !== undefined;
  if (encrypted && passphrase === undefined) {
    throw new Error(`The terminal CA's key in ${file} is encrypted: set CA_KEY_PASSPHRASE`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(encrypted ? { key: keyPem[0], passphrase } : { key: keyPem[0] });
  } catch (error) {
    throw new Error(`Cannot read the terminal CA's key in ${file}${encrypted ? ' (is CA_KEY_PASSPHRASE the one it was stored with?)' : ''}`, {
      cause: error,
    });
  }
  return { certificatePem: `${certificatePem}\n`, privateKey, encrypted };
}

function warnIfUnprotected(passphrase: string | undefined, file: string, logger: CaStoreOptions['logger']): void {
  if (passphrase === undefined) {
    logger.warn(`The terminal CA's key in ${file} is not encrypted (no CA_KEY_PASSPHRASE); only its owner may read the file`);
  }
}
