import { randomBytes, randomInt } from 'node:crypto';

/** A random password: 18 bytes, 24 base64url characters (above the 12-character minimum by far). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A random 6-digit PIN. */
export function generatePin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
