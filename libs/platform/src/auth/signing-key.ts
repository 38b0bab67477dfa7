import { createSecretKey, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { publishOnce, readIfExists } from '../files/owner-only-files';
import type { SigningKey } from './access-token';

export const SIGNING_KEY_FILE = 'jwt.key';
const MIN_LENGTH = 32;

export interface SigningKeyOptions {
  /** JWT_SECRET; when set, it is the key. */
  readonly secret: string | undefined;
  /** Where the generated key is kept without one. */
  readonly dataDir: string;
  readonly logger: { info(message: string): void };
}

/**
 * The access-token signing key: JWT_SECRET, or (embedded mode outside production, where config
 * allows its absence) a random key generated once into `<dataDir>/jwt.key`, readable by its owner
 * only, so restarts and the CLI keep verifying the same tokens. Processes starting together on one
 * directory end up with one key: the first to link its file wins and the others read it.
 */
export async function loadSigningKey({ secret, dataDir, logger }: SigningKeyOptions): Promise<SigningKey> {
  if (secret !== undefined) return keyOf(secret);
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = await readIfExists(file);
  if (existing !== undefined) return keyOf(checked(existing, file));
  const generated = randomBytes(32).toString('base64url');
  if (await publishOnce(file, `${generated}\n`)) {
    logger.info(`Generated the access-token signing key in ${file} (set JWT_SECRET to choose it; distributed mode requires it)`);
    return keyOf(generated);
  }
  return keyOf(checked(await readFile(file, 'utf8'), file));
}

function keyOf(secret: string): SigningKey {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

function checked(text: string, file: string): string {
  const secret = text.trim();
  if (secret.length < MIN_LENGTH) throw new Error(`${file} does not hold a signing key of at least ${MIN_LENGTH} characters`);
  return secret;
}
