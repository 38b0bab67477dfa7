import { auth } from '@tillwire/contracts';
import { fail, succeed, type AuthResult } from './auth.errors';
import { resolved, type AuthDeps, type TerminalPorts } from './auth-deps';
import { hashSecret, needsRehash, verifyNothing, verifySecret } from './secret-hash';
import { openSession, terminalRoles } from './session';
import type { UserRecord } from './user.repository';

const Code = auth.AuthErrorCode;

/** `POST /auth/login`: a password sign-in, or a PIN sign-in at a terminal. */
export function login(deps: AuthDeps, ports: TerminalPorts, request: auth.LoginRequest): Promise<AuthResult<auth.TokenResponse>> {
  return 'pin' in request ? loginWithPin(deps, ports, request) : loginWithPassword(deps, request);
}

/** Username and password, any role. */
export function loginWithPassword(deps: AuthDeps, request: auth.PasswordLoginRequest): Promise<AuthResult<auth.TokenResponse>> {
  return signIn(deps, request.username, request.password, 'passwordHash', undefined);
}

/**
 * An operator's or supervisor's PIN at a terminal of their department. The session is bound to the
 * terminal and carries only the user's operator/supervisor roles. A right PIN at a terminal of
 * another department is `forbidden` and counts neither as a failure nor as a success.
 */
export async function loginWithPin(
  deps: AuthDeps,
  ports: TerminalPorts,
  request: auth.PinLoginRequest,
): Promise<AuthResult<auth.TokenResponse>> {
  const departmentCode = await ports.terminalDepartment(request.terminalId);
  if (departmentCode === null) {
    return fail({ code: Code.ValidationFailed, message: `Terminal ${request.terminalId} is not registered`, field: 'terminalId' });
  }
  return signIn(deps, request.username, request.pin, 'pinHash', { terminalId: request.terminalId, departmentCode });
}

/**
 * The sign-in both kinds share. Unknown user, missing secret, wrong secret and inactive account all
 * answer `invalid_credentials` after one scrypt verification each, so neither the answer nor its
 * time says whether the username exists. A locked account answers `account_locked` before any check.
 */
async function signIn(
  deps: AuthDeps,
  username: string,
  secret: string,
  kind: 'passwordHash' | 'pinHash',
  terminal: { terminalId: string; departmentCode: string } | undefined,
): Promise<AuthResult<auth.TokenResponse>> {
  const { users, now } = resolved(deps);
  const user = await users.findByUsername(deps.db, username);
  if (!user) return verifyNothing(secret).then(() => fail({ code: Code.InvalidCredentials }));
  const lockedUntil = lockOf(user, now());
  if (lockedUntil) return fail({ code: Code.AccountLocked, lockedUntil });

  const hash = usableHash(user, kind, terminal !== undefined);
  const valid = hash === null ? await verifyNothing(secret) : await verifySecret(secret, hash);
  if (!valid) return recordFailure(deps, user);
  if (!user.active) return fail({ code: Code.InvalidCredentials });
  if (terminal && user.departmentCode !== terminal.departmentCode) {
    return fail({ code: Code.Forbidden, reason: 'wrong_department', terminalId: terminal.terminalId });
  }

  const rehashed = hash !== null && needsRehash(hash) ? await hashSecret(secret) : undefined;
  return deps.db.transaction(async (tx) => {
    const at = now();
    // Conditional on the account not being locked: a concurrent failure may have locked it meanwhile.
    if (!(await users.recordSuccess(tx, user.id, at))) {
      const current = await users.findById(tx, user.id);
      return fail({ code: Code.AccountLocked, lockedUntil: current?.lockedUntil ?? at });
    }
    if (rehashed !== undefined) {
      await (kind === 'passwordHash' ? users.setPasswordHash(tx, user.id, rehashed, at) : users.setPinHash(tx, user.id, rehashed, at));
    }
    return succeed(await openSession(deps, tx, user, terminal?.terminalId));
  });
}

/** A PIN opens only a session with an operator or supervisor role in it. */
function usableHash(user: UserRecord, kind: 'passwordHash' | 'pinHash', atTerminal: boolean): string | null {
  if (atTerminal && terminalRoles(user.roles).length === 0) return null;
  return user[kind];
}

function lockOf(user: UserRecord, at: Date): Date | undefined {
  return user.lockedUntil !== null && user.lockedUntil > at ? user.lockedUntil : undefined;
}

/** The failure that reaches the limit answers `account_locked` at once, so the user learns why the next try fails. */
async function recordFailure(deps: AuthDeps, user: UserRecord): Promise<AuthResult<never>> {
  const { users, now } = resolved(deps);
  const at = now();
  const lockUntil = new Date(at.getTime() + deps.settings.lockoutSeconds * 1000);
  const counted = await users.recordFailure(deps.db, user.id, at, deps.settings.maxFailedAttempts, lockUntil);
  if (counted === undefined) {
    const current = await users.findById(deps.db, user.id);
    return fail({ code: Code.AccountLocked, lockedUntil: current?.lockedUntil ?? lockUntil });
  }
  return counted.lockedUntil ? fail({ code: Code.AccountLocked, lockedUntil: counted.lockedUntil }) : fail({ code: Code.InvalidCredentials });
}
