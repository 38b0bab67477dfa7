import { createHash, randomBytes } from 'node:crypto';

/**
 * A stable UUID (version 5 layout, SHA-256 based) from a name: a request retried after a crash
 * names the same transaction or payment, so the saga it started is resumed, not repeated.
 */
export function derivedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const SERVICE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SERVICE_ID_LENGTH = 10;

/**
 * A nexo ServiceID: 10 alphanumeric characters (the most nexo allows; terminals keep them unique
 * per terminal for 48 hours). Random, or derived from `name` when a retry must reuse it.
 */
export function serviceId(name?: string): string {
  const bytes = name === undefined ? randomBytes(SERVICE_ID_LENGTH) : createHash('sha256').update(name).digest();
  let id = '';
  // 62 letters and digits from a byte: the skew of the modulo is irrelevant for uniqueness.
  for (let i = 0; i < SERVICE_ID_LENGTH; i++) id += SERVICE_ID_ALPHABET[bytes[i]! % SERVICE_ID_ALPHABET.length];
  return id;
}
