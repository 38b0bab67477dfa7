import { createHash } from 'node:crypto';
import type { JsonValue } from './audit-canonical';

export const REDACTED = '[redacted]';
/** Largest before/after kept, as UTF-8 JSON; a larger one is replaced by a note. */
export const AUDIT_STATE_LIMIT_BYTES = 16 * 1024;
const MAX_DEPTH = 32;

/** What replaces a before/after larger than the limit: its size and the hash of what it was (redacted). */
export interface OmittedState {
  omitted: 'too_large';
  bytes: number;
  limitBytes: number;
  sha256: string;
}

/** Words that make a key secret wherever it appears: `pin`, `newPin`, `pin_hash`, `refreshToken`, `jwtSecret`. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'pin',
  'token',
  'tokens',
  'secret',
  'secrets',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'otp',
  'privatekey',
  'apikey',
]);
/** Two words that together make a key secret: `privateKeyPem`, `private_key`, `apiKey`, `signingKey` (not `publicKeyPem`). */
const SECRET_PAIRS = new Set(['private key', 'api key', 'signing key']);

/** Values secret whatever their key: a PEM private key, a JWT, a bearer credential. */
const SECRET_VALUES = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
  /^eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/,
  /^(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}$/i,
];

/** `privateKeyPem` → private key pem; `pin_hash` → pin hash; `APIKey` → api key. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Keys already judged: every write request's body is redacted, and its keys are the same few field names. */
const judgedKeys = new Map<string, boolean>();
/** Bounds the memory a flood of made-up keys can take. */
const MAX_JUDGED_KEYS = 1_000;

export function isSecretKey(key: string): boolean {
  let secret = judgedKeys.get(key);
  if (secret === undefined) {
    const words = wordsOf(key);
    secret = words.some((word, i) => SECRET_WORDS.has(word) || (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${word}`)));
    if (judgedKeys.size < MAX_JUDGED_KEYS) judgedKeys.set(key, secret);
  }
  return secret;
}

/** Any surrogate: a text without one (and without NUL) is storable as it is. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * What PostgreSQL can store and read back as the same string: no NUL (jsonb and text refuse it),
 * no lone surrogate (sent as U+FFFD, so it would read back as another string than was hashed).
 */
export function storableText(text: string): string {
  if (!text.includes('\u0000') && !SURROGATE.test(text)) return text;
  return text.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * The before or after state of an entry as it is stored and hashed: JSON semantics (toJSON, undefined
 * members dropped, non-finite numbers null, bigints as decimal strings), every secret replaced by
 * "[redacted]" at any depth, and a note instead of the state when its JSON exceeds `limitBytes`.
 * Null when there is no state.
 */
export function redactAuditState(value: unknown, limitBytes = AUDIT_STATE_LIMIT_BYTES): JsonValue | null {
  const redacted = redact(value, 0, new Set()) ?? null;
  if (redacted === null) return null;
  const json = JSON.stringify(redacted);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= limitBytes) return redacted;
  const note: OmittedState = { omitted: 'too_large', bytes, limitBytes, sha256: createHash('sha256').update(json).digest('hex') };
  return { ...note };
}

/** undefined: no JSON value (left out of an object, null in an array). */
function redact(input: unknown, depth: number, ancestors: Set<object>): JsonValue | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  switch (typeof value) {
    case 'string':
      return SECRET_VALUES.some((pattern) => pattern.test(value)) ? REDACTED : storableText(value);
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return null;
      if (ancestors.has(value)) return '[circular]';
      if (depth >= MAX_DEPTH) return '[too deep]';
      ancestors.add(value);
      try {
        return Array.isArray(value) ? redactArray(value, depth, ancestors) : redactObject(value, depth, ancestors);
      } finally {
        ancestors.delete(value);
      }
    default:
      return undefined;
  }
}

function redactArray(items: readonly unknown[], depth: number, ancestors: Set<object>): JsonValue[] {
  return items.map((item) => redact(item, depth + 1, ancestors) ?? null);
}

function redactObject(object: object, depth: number, ancestors: Set<object>): { [key: string]: JsonValue } {
  const result: { [key: string]: JsonValue } = {};
  for (const [key, member] of Object.entries(object)) {
    const redacted = isSecretKey(key) && member !== null && member !== undefined ? REDACTED : redact(member, depth + 1, ancestors);
    if (redacted !== undefined) result[storableText(key)] = redacted;
  }
  return result;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
