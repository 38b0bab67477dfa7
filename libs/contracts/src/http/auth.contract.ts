import { z } from 'zod';
import { terminalId } from '../broker/terminals.contract';
import { code, requiredText, uuid } from '../primitives';

/**
 * Identity: sign-in, token refresh and sign-out at the HTTP edge, and the user management behind
 * them. Errors answer `{error: {code, message, details?}}` with `code` an AuthErrorCode.
 */
export enum AuthErrorCode {
  ValidationFailed = 'validation_failed',
  /** Unknown user, wrong secret or inactive account: deliberately one answer (401). */
  InvalidCredentials = 'invalid_credentials',
  /** Too many failures in a row; details carry `lockedUntil` (401). */
  AccountLocked = 'account_locked',
  /** The access or refresh token is malformed, forged, revoked or unknown (401). */
  TokenInvalid = 'token_invalid',
  TokenExpired = 'token_expired',
  /** Authenticated, but not allowed here (a PIN at a terminal of another department) (403). */
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  /** The username is taken (409). */
  AlreadyExists = 'already_exists',
}

export const role = z.enum(['operator', 'supervisor', 'admin', 'finance']);
export type Role = z.infer<typeof role>;
export const ROLES = role.options;
/** The roles that sign in at a terminal with a PIN, bound to their department. */
export const TERMINAL_ROLES: readonly Role[] = ['operator', 'supervisor'];

/** Lower-cased, so `Ada` and `ada` are one user. */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'letters, digits, ., _ and -, starting with a letter or digit');
export const displayName = requiredText(120);
export const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_LENGTH = 256;
/** A new password; never trimmed (spaces are part of it). */
export const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH)
  .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
/** 4 to 8 digits. */
export const pin = z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits');
const roles = z
  .array(role)
  .min(1)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a role');

/** What a signed-in caller is, as the HTTP edge and broker calls carry it. */
export const actor = z.object({
  userId: uuid,
  username: z.string(),
  roles: z.array(role),
  /** Set when signed in with a PIN at a terminal: the only terminal this session may transact on. */
  terminalId: terminalId.optional(),
  departmentCode: code.optional(),
});
export type Actor = z.infer<typeof actor>;

/** `POST /auth/login`, username and password (any role). The password is checked, not judged: no length rule here. */
export const passwordLoginRequest = z.object({ username, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }).strict();
/** `POST /auth/login` at a terminal: an operator's or supervisor's PIN, valid on terminals of their department. */
export const pinLoginRequest = z.object({ terminalId, username, pin }).strict();
export const loginRequest = z.union([passwordLoginRequest, pinLoginRequest]);
export type PasswordLoginRequest = z.infer<typeof passwordLoginRequest>;
export type PinLoginRequest = z.infer<typeof pinLoginRequest>;
export type LoginRequest = z.infer<typeof loginRequest>;

/** Opaque to clients; at most 128 characters. */
export const refreshToken = z.string().min(1).max(128);
/** `POST /auth/refresh`: the old refresh token is spent, a new pair comes back. */
export const refreshRequest = z.object({ refreshToken }).strict();
/** `POST /auth/logout`: revokes the refresh token (the access token runs out on its own). */
export const logoutRequest = refreshRequest;
export type RefreshRequest = z.infer<typeof refreshRequest>;

export const sessionUser = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  terminalId: terminalId.optional(),
  departmentCode: code.optional(),
});
export type SessionUser = z.infer<typeof sessionUser>;

/** The answer to login and refresh. `expiresIn`: seconds the access token is valid. */
export const tokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive(),
  refreshToken,
  user: sessionUser,
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** Details of `account_locked`. */
export const accountLocked = z.object({ lockedUntil: z.string() });

// User management (admin).

export const user = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  /** Operators and supervisors only: the department whose terminals their PIN opens. */
  departmentCode: code.nullable(),
  active: z.boolean(),
  hasPassword: z.boolean(),
  hasPin: z.boolean(),
  failedAttempts: z.number().int().min(0),
  /** Set while the account is locked after repeated failures. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof user>;

const needsDepartment = (list: readonly Role[]) => list.some((r) => TERMINAL_ROLES.includes(r));

/**
 * `POST /admin/users`. Operators and supervisors need a department (and may have a PIN); admins and
 * finance have neither. At least one secret, so the user can sign in.
 */
export const createUserRequest = z
  .object({
    username,
    displayName,
    roles,
    departmentCode: code.optional(),
    password: password.optional(),
    pin: pin.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const terminalRole = needsDepartment(value.roles);
    if (terminalRole && value.departmentCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['departmentCode'], message: 'required for operators and supervisors' });
    }
    if (!terminalRole && value.departmentCode !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['departmentCode'], message: 'only operators and supervisors belong to a department' });
    }
    if (!terminalRole && value.pin !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['pin'], message: 'only operators and supervisors sign in with a PIN' });
    }
    if (value.password === undefined && value.pin === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'give a password or a PIN' });
    }
  });
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const userIdParams = z.object({ id: uuid });
export const listUsersQuery = z.object({
  role: role.optional(),
  /** Absent: active and inactive users alike. */
  active: z.boolean().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListUsersQuery = z.output<typeof listUsersQuery>;
export const listUsersResult = z.object({ users: z.array(user) });

export const setPasswordRequest = z.object({ password }).strict();
export const setPinRequest = z.object({ pin }).strict();
/**
 * Roles replace the user's roles. Keeping or gaining operator/supervisor needs a department (the
 * current one is kept when absent); without those roles the department and PIN are removed.
 */
export const setRolesRequest = z.object({ roles, departmentCode: code.optional() }).strict();
export type SetRolesRequest = z.infer<typeof setRolesRequest>;

/** An access token for automation and load tests: no refresh token, at most 24 h. */
export const MAX_ISSUED_TOKEN_SECONDS = 86_400;
export const issueTokenRequest = z
  .object({
    ttlSeconds: z.number().int().min(60).max(MAX_ISSUED_TOKEN_SECONDS).default(3_600),
    /** Binds the token to a terminal of the user's department, as a PIN sign-in there would. */
    terminalId: terminalId.optional(),
  })
  .strict();
export type IssueTokenRequest = z.input<typeof issueTokenRequest>;
export const issuedToken = tokenResponse.pick({ accessToken: true, tokenType: true, expiresIn: true });
export type IssuedToken = z.infer<typeof issuedToken>;
