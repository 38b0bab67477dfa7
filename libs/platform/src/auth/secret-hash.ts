import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords and PINs hashed with scrypt (memory-hard), stored as a self-describing PHC-style string
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64, unpadded), so the cost can rise later while the
 * stored hashes keep verifying; `needsRehash` tells when one was made with other parameters.
 */
export interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** N = 2^15, r = 8: 32 MiB and some tens of milliseconds per hash. */
export const CURRENT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds on parameters read back, so a tampered row cannot make a verify take minutes or gigabytes. */
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;
const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{16,88})$/;

export async function hashSecret(secret: string, params: ScryptParams = CURRENT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, params, HASH_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${unpadded(salt)}$${unpadded(hash)}`;
}

/** Whether `secret` matches `encoded`; false (never a throw) for a string that is not one of ours. */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const actual = await derive(secret, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

export function needsRehash(encoded: string, params: ScryptParams = CURRENT_SCRYPT): boolean {
  const parsed = parse(encoded);
  return !parsed || parsed.params.ln !== params.ln || parsed.params.r !== params.r || parsed.params.p !== params.p;
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is nothing to verify (unknown user, no PIN set),
 * so a failed sign-in takes as long whether or not the username exists.
 */
export async function verifyNothing(secret: string): Promise<false> {
  dummy ??= hashSecret('tillwire dummy secret, never a real one');
  await verifySecret(secret, await dummy);
  return false;
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const match = ENCODED.exec(encoded);
  if (!match) return undefined;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const within = (value: number, [min, max]: readonly [number, number]) => value >= min && value <= max;
  if (!within(params.ln, LIMITS.ln) || !within(params.r, LIMITS.r) || !within(params.p, LIMITS.p)) return undefined;
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { params, salt, hash };
}

function derive(secret: string, salt: Buffer, { ln, r, p }: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** ln;
  // scrypt needs 128·N·r bytes (plus a little); Node's default ceiling of 32 MiB is exactly too small for N = 2^15.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const unpadded = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
