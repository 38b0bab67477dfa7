import { createHmac, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { auth } from '@tillwire/contracts';
import { z } from 'zod';
import type { TokenRejection } from './auth.errors';

/** The HMAC key access tokens are signed and verified with (JWT_SECRET or the data directory's jwt.key). */
export type SigningKey = KeyObject;

/** How far apart the clocks of the node that signed and the node that verifies may be. */
export const CLOCK_SKEW_SECONDS = 30;
const MAX_TOKEN_LENGTH = 4_096;

export const accessClaims = z.object({
  /** The user's id. */
  sub: z.uuid(),
  username: z.string().min(1),
  roles: z.array(auth.role),
  terminalId: z.string().min(1).optional(),
  departmentCode: z.string().min(1).optional(),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  jti: z.string().min(1).max(64),
});
export type AccessClaims = z.infer<typeof accessClaims>;
/** What a token says about its holder; the times and id are added when it is signed. */
export type AccessSubject = Omit<AccessClaims, 'iat' | 'exp' | 'jti'>;

export type TokenVerification = { ok: true; claims: AccessClaims } | { ok: false; reason: TokenRejection };

const HEADER = encode({ alg: 'HS256', typ: 'JWT' });
const SEGMENTS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;
const header = z.object({ alg: z.string(), typ: z.string().optional() });

/** A JWT (HS256) for `subject`, valid `ttlSeconds` from `now`. */
export function signAccessToken(
  key: SigningKey,
  subject: AccessSubject,
  options: { ttlSeconds: number; now?: Date },
): { token: string; claims: AccessClaims } {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: AccessClaims = {
    sub: subject.sub,
    username: subject.username,
    roles: [...subject.roles],
    ...(subject.terminalId === undefined ? {} : { terminalId: subject.terminalId }),
    ...(subject.departmentCode === undefined ? {} : { departmentCode: subject.departmentCode }),
    iat,
    exp: iat + options.ttlSeconds,
    jti: randomUUID(),
  };
  const signingInput = `${HEADER}.${encode(claims)}`;
  return { token: `${signingInput}.${signature(key, signingInput).toString('base64url')}`, claims };
}

/**
 * The claims of a token this platform signed and that is still valid at `now`. Only HS256 is
 * accepted (never `none`, never what the token's header asks for); the signature is checked before
 * the payload is read, in constant time.
 */
export function verifyAccessToken(key: SigningKey, token: string, now: Date = new Date()): TokenVerification {
  const segments = token.length <= MAX_TOKEN_LENGTH ? SEGMENTS.exec(token) : null;
  if (!segments) return { ok: false, reason: 'malformed' };
  const [, headerPart, payloadPart, signaturePart] = segments as unknown as [string, string, string, string];
  const parsedHeader = header.safeParse(decode(headerPart));
  if (!parsedHeader.success) return { ok: false, reason: 'malformed' };
  if (parsedHeader.data.alg !== 'HS256' || (parsedHeader.data.typ !== undefined && parsedHeader.data.typ !== 'JWT')) {
    return { ok: false, reason: 'bad_signature' };
  }
  const expected = signature(key, `${headerPart}.${payloadPart}`);
  const given = Buffer.from(signaturePart, 'base64url');
  // Only the canonical encoding of the right length counts, so no two strings carry one signature.
  if (given.length !== expected.length || given.toString('base64url') !== signaturePart || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  const parsed = accessClaims.safeParse(decode(payloadPart));
  if (!parsed.success || parsed.data.exp <= parsed.data.iat) return { ok: false, reason: 'malformed' };
  const seconds = Math.floor(now.getTime() / 1000);
  // Signed in the future by more than the skew: not a token this platform issued as it stands.
  if (parsed.data.iat > seconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'malformed' };
  if (parsed.data.exp + CLOCK_SKEW_SECONDS <= seconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims: parsed.data };
}

function signature(key: SigningKey, signingInput: string): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
