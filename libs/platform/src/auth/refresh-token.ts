import { createHash, randomBytes } from 'node:crypto';

const RANDOM_BYTES = 32;
const RANDOM = /^[A-Za-z0-9_-]{43}$/;
const TERMINAL = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A refresh token: 32 random bytes, base64url. A session opened at a terminal appends `.<terminalId>`
 * so a refresh keeps the session bound to it: the stored hash covers the whole string, so the
 * suffix cannot be changed without the token becoming unknown. (`refresh_tokens` has no column for
 * the terminal.)
 */
export function newRefreshToken(terminalId?: string): string {
  const random = randomBytes(RANDOM_BYTES).toString('base64url');
  return terminalId === undefined ? random : `${random}.${terminalId}`;
}

/** The only form a refresh token is stored in: SHA-256, hex. */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The terminal a refresh token's session is bound to; undefined when unbound; null when not one of ours. */
export function refreshTokenTerminal(token: string): string | undefined | null {
  const [random, terminalId, ...rest] = token.split('.');
  if (random === undefined || !RANDOM.test(random) || rest.length > 0) return null;
  if (terminalId === undefined) return undefined;
  return TERMINAL.test(terminalId) ? terminalId : null;
}
