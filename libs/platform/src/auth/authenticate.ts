import { auth } from '@tillwire/contracts';
import { verifyAccessToken, type AccessClaims, type SigningKey } from './access-token';
import { fail, succeed, type AuthResult } from './auth.errors';

const Code = auth.AuthErrorCode;
const BEARER = /^Bearer +(\S+)\s*$/i;

/** Whether a user's sessions ended after a token of theirs was issued (AccessRevocations). */
export interface EndedSessions {
  revoked(userId: string, issuedAt: number): boolean;
}

/**
 * The actor an `Authorization: Bearer <access token>` header names. Checks the token and, without
 * the database, `ended`: a token issued before its user's sessions were ended is refused.
 */
export function authenticate(
  deps: { key: SigningKey; ended: EndedSessions; now?: () => Date },
  authorization: string | undefined,
): AuthResult<auth.Actor> {
  if (authorization === undefined || authorization.trim() === '') return fail({ code: Code.TokenInvalid, reason: 'missing' });
  const match = BEARER.exec(authorization);
  if (!match) return fail({ code: Code.TokenInvalid, reason: 'malformed' });
  const verified = verifyAccessToken(deps.key, match[1]!, deps.now?.() ?? new Date());
  if (!verified.ok) {
    return verified.reason === 'expired'
      ? fail({ code: Code.TokenExpired })
      : fail({ code: Code.TokenInvalid, reason: verified.reason });
  }
  if (deps.ended.revoked(verified.claims.sub, verified.claims.iat)) return fail({ code: Code.TokenInvalid, reason: 'session_ended' });
  return succeed(actorOf(verified.claims));
}

export function actorOf(claims: AccessClaims): auth.Actor {
  return {
    userId: claims.sub,
    username: claims.username,
    roles: claims.roles,
    ...(claims.terminalId === undefined ? {} : { terminalId: claims.terminalId }),
    ...(claims.departmentCode === undefined ? {} : { departmentCode: claims.departmentCode }),
  };
}
