import { randomUUID } from 'node:crypto';
import { auth } from '@tillwire/contracts';
import type { z } from 'zod';
import type { SqlExecutor } from '../db/sql-executor';
import { signAccessToken } from './access-token';
import { fail, succeed, type AuthFailure, type AuthResult } from './auth.errors';
import { resolved, type AuthDeps, type DepartmentPorts, type TerminalPorts } from './auth-deps';
import { hashSecret } from './secret-hash';
import { sessionSubject, terminalRoles } from './session';
import type { UserRecord } from './user.repository';

const Code = auth.AuthErrorCode;

/** A user by id (the HTTP API) or by username (the CLI). */
export type UserRef = { id: string } | { username: string };

/** A user as it was before a change and as it is after, for the audit trail. */
export interface UserChange {
  before: auth.User;
  after: auth.User;
}

export function userView(user: UserRecord): auth.User {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    departmentCode: user.departmentCode,
    active: user.active,
    hasPassword: user.passwordHash !== null,
    hasPin: user.pinHash !== null,
    failedAttempts: user.failedAttempts,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** Creates a user; the request is checked against `auth.createUserRequest` (password and PIN rules included). */
export async function createUser(deps: AuthDeps, ports: DepartmentPorts, input: auth.CreateUserRequest): Promise<AuthResult<auth.User>> {
  const parsed = auth.createUserRequest.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const request = parsed.data;
  if (request.departmentCode !== undefined && !(await ports.departmentExists(request.departmentCode))) {
    return unknownDepartment(request.departmentCode);
  }
  const { users, now } = resolved(deps);
  const [passwordHash, pinHash] = await Promise.all([hashOrNull(request.password), hashOrNull(request.pin)]);
  return deps.db.transaction(async (tx) => {
    const id = randomUUID();
    const user = {
      id,
      username: request.username,
      displayName: request.displayName,
      roles: orderedRoles(request.roles),
      departmentCode: request.departmentCode ?? null,
      passwordHash,
      pinHash,
    };
    if (!(await users.insert(tx, user, now()))) return fail({ code: Code.AlreadyExists, username: request.username });
    return succeed(userView((await users.findById(tx, id))!));
  });
}

/** By username. */
export async function listUsers(deps: AuthDeps, query: z.input<typeof auth.listUsersQuery> = {}): Promise<AuthResult<auth.User[]>> {
  const parsed = auth.listUsersQuery.safeParse(query);
  if (!parsed.success) return invalid(parsed.error);
  const { users } = resolved(deps);
  return succeed((await users.list(deps.db, parsed.data)).map(userView));
}

export async function getUser(deps: AuthDeps, ref: UserRef): Promise<AuthResult<auth.User>> {
  const user = await find(deps, deps.db, ref);
  return user ? succeed(userView(user)) : fail(notFound(ref));
}

/** Replaces the password and revokes the user's refresh tokens (a reset usually follows a leak). */
export async function setPassword(deps: AuthDeps, ref: UserRef, password: string): Promise<AuthResult<UserChange>> {
  const parsed = auth.password.safeParse(password);
  if (!parsed.success) return invalid(parsed.error, 'password');
  const hash = await hashSecret(parsed.data);
  return change(deps, ref, async (tx, user, at) => {
    const { users, refreshTokens } = resolved(deps);
    await users.setPasswordHash(tx, user.id, hash, at);
    await refreshTokens.endSessionsOf(tx, user.id, at);
  });
}

/** Replaces the PIN of an operator or supervisor and revokes the user's refresh tokens. */
export async function setPin(deps: AuthDeps, ref: UserRef, pin: string): Promise<AuthResult<UserChange>> {
  const parsed = auth.pin.safeParse(pin);
  if (!parsed.success) return invalid(parsed.error, 'pin');
  const hash = await hashSecret(parsed.data);
  return change(deps, ref, async (tx, user, at) => {
    if (terminalRoles(user.roles).length === 0) {
      return { code: Code.ValidationFailed, message: 'Only operators and supervisors sign in with a PIN', field: 'pin' };
    }
    const { users, refreshTokens } = resolved(deps);
    await users.setPinHash(tx, user.id, hash, at);
    await refreshTokens.endSessionsOf(tx, user.id, at);
  });
}

/**
 * Replaces the roles. With operator or supervisor among them the user needs a department (the
 * given one, else the current one); without them the department and the PIN are removed. Sessions
 * pick the new roles up at their next refresh.
 */
export async function setRoles(
  deps: AuthDeps,
  ports: DepartmentPorts,
  ref: UserRef,
  input: auth.SetRolesRequest,
): Promise<AuthResult<UserChange>> {
  const parsed = auth.setRolesRequest.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const roles = orderedRoles(parsed.data.roles);
  const requested = parsed.data.departmentCode;
  const atTerminal = terminalRoles(roles).length > 0;
  if (!atTerminal && requested !== undefined) {
    return fail({ code: Code.ValidationFailed, message: 'Only operators and supervisors belong to a department', field: 'departmentCode' });
  }
  if (requested !== undefined && !(await ports.departmentExists(requested))) return unknownDepartment(requested);
  return change(deps, ref, async (tx, user, at) => {
    const departmentCode = atTerminal ? (requested ?? user.departmentCode) : null;
    if (atTerminal && departmentCode === null) {
      return { code: Code.ValidationFailed, message: 'Operators and supervisors need a department', field: 'departmentCode' };
    }
    const { users } = resolved(deps);
    await users.setRoles(tx, user.id, roles, departmentCode, at);
    if (!atTerminal && user.pinHash !== null) await users.setPinHash(tx, user.id, null, at);
  });
}

/** Deactivates the user: no sign-in, no refresh; every refresh token is revoked. */
export function deactivateUser(deps: AuthDeps, ref: UserRef): Promise<AuthResult<UserChange>> {
  return change(deps, ref, async (tx, user, at) => {
    const { users, refreshTokens } = resolved(deps);
    await users.setActive(tx, user.id, false, at);
    await refreshTokens.endSessionsOf(tx, user.id, at);
  });
}

export function activateUser(deps: AuthDeps, ref: UserRef): Promise<AuthResult<UserChange>> {
  return change(deps, ref, async (tx, user, at) => {
    await resolved(deps).users.setActive(tx, user.id, true, at);
  });
}

/** Lifts a lockout and clears the failure count. */
export function unlockUser(deps: AuthDeps, ref: UserRef): Promise<AuthResult<UserChange>> {
  return change(deps, ref, async (tx, user, at) => {
    await resolved(deps).users.unlock(tx, user.id, at);
  });
}

/**
 * An access token for automation and load tests, without a refresh token, valid up to 24 h. With
 * `terminalId` it is bound to that terminal as a PIN sign-in there would be (same department, only
 * the operator/supervisor roles).
 */
export async function issueAccessToken(
  deps: AuthDeps,
  ports: TerminalPorts,
  ref: UserRef,
  input: auth.IssueTokenRequest,
): Promise<AuthResult<auth.IssuedToken>> {
  const parsed = auth.issueTokenRequest.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { ttlSeconds, terminalId } = parsed.data;
  const user = await find(deps, deps.db, ref);
  if (!user) return fail(notFound(ref));
  if (!user.active) return fail({ code: Code.ValidationFailed, message: `User ${user.username} is inactive` });
  if (terminalId !== undefined) {
    if (terminalRoles(user.roles).length === 0) return fail({ code: Code.Forbidden, reason: 'not_terminal_role', terminalId });
    const departmentCode = await ports.terminalDepartment(terminalId);
    if (departmentCode === null) {
      return fail({ code: Code.ValidationFailed, message: `Terminal ${terminalId} is not registered`, field: 'terminalId' });
    }
    if (departmentCode !== user.departmentCode) return fail({ code: Code.Forbidden, reason: 'wrong_department', terminalId });
  }
  const { now } = resolved(deps);
  const { token } = signAccessToken(deps.key, sessionSubject(user, terminalId), { ttlSeconds, now: now() });
  return succeed({ accessToken: token, tokenType: 'Bearer', expiresIn: ttlSeconds });
}

/**
 * Runs `mutate` on the user's row, locked for the transaction, and answers the user before and
 * after. `mutate` refuses the change by answering a failure, before it writes anything.
 */
async function change(
  deps: AuthDeps,
  ref: UserRef,
  mutate: (tx: SqlExecutor, user: UserRecord, at: Date) => Promise<AuthFailure | void>,
): Promise<AuthResult<UserChange>> {
  const { users, now } = resolved(deps);
  return deps.db.transaction(async (tx) => {
    const found = await find(deps, tx, ref);
    const before = found && (await users.findById(tx, found.id, { forUpdate: true }));
    if (!before) return fail(notFound(ref));
    const refused = await mutate(tx, before, now());
    if (refused) return fail(refused);
    return succeed({ before: userView(before), after: userView((await users.findById(tx, before.id))!) });
  });
}

function find(deps: AuthDeps, sql: SqlExecutor, ref: UserRef): Promise<UserRecord | undefined> {
  const { users } = resolved(deps);
  if ('id' in ref) return auth.userIdParams.safeParse(ref).success ? users.findById(sql, ref.id) : Promise.resolve(undefined);
  const username = auth.username.safeParse(ref.username);
  return username.success ? users.findByUsername(sql, username.data) : Promise.resolve(undefined);
}

function notFound(ref: UserRef): AuthFailure {
  return 'id' in ref ? { code: Code.NotFound, id: ref.id } : { code: Code.NotFound, username: ref.username };
}

function unknownDepartment(code: string): AuthResult<never> {
  return fail({ code: Code.ValidationFailed, message: `Department ${code} does not exist`, field: 'departmentCode' });
}

function invalid(error: z.ZodError, field?: string): AuthResult<never> {
  const issue = error.issues[0];
  const path = issue?.path.join('.') || field;
  return fail({
    code: Code.ValidationFailed,
    message: path ? `${path}: ${issue?.message ?? 'invalid'}` : (issue?.message ?? 'Invalid request'),
    ...(path ? { field: path } : {}),
  });
}

function hashOrNull(secret: string | undefined): Promise<string | null> {
  return secret === undefined ? Promise.resolve(null) : hashSecret(secret);
}

/** Roles in the enum's order, as the repository reads them back. */
function orderedRoles(roles: readonly auth.Role[]): auth.Role[] {
  return auth.ROLES.filter((role) => roles.includes(role));
}
