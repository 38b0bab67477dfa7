import { auth } from '@tillwire/contracts';
import { fail, succeed, type AuthResult } from './auth.errors';
import { resolved, type AuthDeps, type TerminalPorts } from './auth-deps';
import { refreshTokenHash, refreshTokenTerminal } from './refresh-token';
import { openSession, terminalRoles } from './session';

const Code = auth.AuthErrorCode;

/**
 * `POST /auth/refresh`: spends the refresh token and issues a new pair, in one transaction. Of
 * concurrent refreshes with one token at most one succeeds. A token presented again after it was
 * spent or revoked is taken as stolen: every refresh token of its user is revoked (reuse detection),
 * the winner of a concurrent double refresh included. The new access token carries the user's
 * roles as they are now; a terminal session stays bound to its terminal while that terminal is
 * still in the user's department.
 */
export async function refreshSession(deps: AuthDeps, ports: TerminalPorts, refreshToken: string): Promise<AuthResult<auth.TokenResponse>> {
  const { users, refreshTokens, now } = resolved(deps);
  const terminalId = refreshTokenTerminal(refreshToken);
  if (terminalId === null) return fail({ code: Code.TokenInvalid, reason: 'malformed' });
  const tokenHash = refreshTokenHash(refreshToken);
  // Asked before the transaction, so no service call runs while the token's row is locked.
  const terminalDepartment = terminalId === undefined ? undefined : await ports.terminalDepartment(terminalId);
  return deps.db.transaction(async (tx) => {
    const at = now();
    const spent = await refreshTokens.spend(tx, tokenHash, at);
    if (!spent) {
      const known = await refreshTokens.find(tx, tokenHash);
      if (!known) return fail({ code: Code.TokenInvalid, reason: 'unknown' });
      if (known.revokedAt === null) return fail({ code: Code.TokenExpired });
      await refreshTokens.endSessionsOf(tx, known.userId, at);
      return fail({ code: Code.TokenInvalid, reason: 'revoked' });
    }
    const user = await users.findById(tx, spent.userId);
    if (!user?.active) {
      await refreshTokens.endSessionsOf(tx, spent.userId, at);
      return fail({ code: Code.TokenInvalid, reason: 'inactive' });
    }
    if (terminalId !== undefined) {
      if (terminalRoles(user.roles).length === 0) return fail({ code: Code.Forbidden, reason: 'not_terminal_role', terminalId });
      if (terminalDepartment !== user.departmentCode) return fail({ code: Code.Forbidden, reason: 'wrong_department', terminalId });
    }
    return succeed(await openSession(deps, tx, user, terminalId));
  });
}

/** `POST /auth/logout`: revokes the refresh token. Idempotent: an unknown or spent token changes nothing and is no error. */
export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  const { refreshTokens, now } = resolved(deps);
  await refreshTokens.revoke(deps.db, refreshTokenHash(refreshToken), now());
}

/** Deletes refresh tokens that have expired (they open nothing); run it now and then. Answers how many. */
export function purgeExpiredRefreshTokens(deps: AuthDeps): Promise<number> {
  const { refreshTokens, now } = resolved(deps);
  return refreshTokens.purgeExpired(deps.db, now());
}
