import { auth } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';
import { signAccessToken, type AccessSubject } from './access-token';
import { resolved, type AuthDeps } from './auth-deps';
import { newRefreshToken, refreshTokenHash } from './refresh-token';
import type { Role, UserRecord } from './user.repository';

/**
 * The roles a session carries. At a terminal only operator and supervisor: a PIN is a weaker
 * secret than a password and must not open a user's admin or finance rights.
 */
export function sessionRoles(user: Pick<UserRecord, 'roles'>, terminalId: string | undefined): Role[] {
  return terminalId === undefined ? [...user.roles] : terminalRoles(user.roles);
}

/** The roles that work at a terminal: operator and supervisor. */
export function terminalRoles(roles: readonly Role[]): Role[] {
  return roles.filter((role) => auth.TERMINAL_ROLES.includes(role));
}

export function sessionSubject(user: UserRecord, terminalId: string | undefined): AccessSubject {
  return {
    sub: user.id,
    username: user.username,
    roles: sessionRoles(user, terminalId),
    ...(terminalId === undefined ? {} : { terminalId }),
    ...(user.departmentCode === null ? {} : { departmentCode: user.departmentCode }),
  };
}

/** Stores a new refresh token for `user` in `tx` and signs its access token. */
export async function openSession(deps: AuthDeps, tx: SqlExecutor, user: UserRecord, terminalId: string | undefined): Promise<auth.TokenResponse> {
  const { refreshTokens, now } = resolved(deps);
  const at = now();
  const refreshToken = newRefreshToken(terminalId);
  await refreshTokens.insert(tx, {
    userId: user.id,
    tokenHash: refreshTokenHash(refreshToken),
    expiresAt: new Date(at.getTime() + deps.settings.refreshTokenSeconds * 1000),
    createdAt: at,
  });
  const subject = sessionSubject(user, terminalId);
  const { token } = signAccessToken(deps.key, subject, { ttlSeconds: deps.settings.accessTokenSeconds, now: at });
  return {
    accessToken: token,
    tokenType: 'Bearer',
    expiresIn: deps.settings.accessTokenSeconds,
    refreshToken,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: subject.roles,
      ...(subject.terminalId === undefined ? {} : { terminalId: subject.terminalId }),
      ...(subject.departmentCode === undefined ? {} : { departmentCode: subject.departmentCode }),
    },
  };
}
