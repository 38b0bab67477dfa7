import { auth } from '@tillwire/contracts';
import { DomainError, toBrokerError, type ErrorStatus } from '../errors/domain-error';

export const { AuthErrorCode } = auth;
export type AuthErrorCode = auth.AuthErrorCode;
const Code = auth.AuthErrorCode;

/** Why an access token was refused: its shape, its signature (or algorithm), or its time. */
export type TokenRejection = 'malformed' | 'bad_signature' | 'expired';

/** What identity use cases meet besides success; each carries what its caller needs to answer. */
export type AuthFailure =
  | { code: auth.AuthErrorCode.ValidationFailed; message: string; field?: string }
  | { code: auth.AuthErrorCode.InvalidCredentials }
  | { code: auth.AuthErrorCode.AccountLocked; lockedUntil: Date }
  | { code: auth.AuthErrorCode.TokenInvalid; reason: 'missing' | 'malformed' | 'bad_signature' | 'unknown' | 'revoked' | 'inactive' | 'session_ended' }
  | { code: auth.AuthErrorCode.TokenExpired }
  | { code: auth.AuthErrorCode.Forbidden; reason: 'wrong_department' | 'not_terminal_role'; terminalId: string }
  | { code: auth.AuthErrorCode.NotFound; username?: string; id?: string }
  | { code: auth.AuthErrorCode.AlreadyExists; username: string };

export type AuthResult<T> = { ok: true; value: T } | { ok: false; failure: AuthFailure };

/** The one place an auth code meets its HTTP status; a new code fails to compile until mapped. */
export function authErrorStatus(code: AuthErrorCode): ErrorStatus {
  switch (code) {
    case Code.ValidationFailed:
      return 400;
    case Code.InvalidCredentials:
    case Code.AccountLocked:
    case Code.TokenInvalid:
    case Code.TokenExpired:
      return 401;
    case Code.Forbidden:
      return 403;
    case Code.NotFound:
      return 404;
    case Code.AlreadyExists:
      return 409;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped auth error code: ${String(unmapped)}`);
    }
  }
}

export class AuthError extends DomainError<AuthErrorCode> {
  readonly status: ErrorStatus;

  constructor(code: AuthErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = authErrorStatus(code);
  }
}

/** The value of a successful use case, or its failure thrown in the broker form callers (and the HTTP edge) answer. */
export function unwrapAuth<T>(result: AuthResult<T>): T {
  if (result.ok) return result.value;
  throw toBrokerError(toAuthError(result.failure));
}

/**
 * The public error of a failure. Sign-in and refresh failures say as little as the caller needs:
 * no hint whether a username exists, and not why a refresh token was refused (reuse included).
 */
export function toAuthError(failure: AuthFailure): AuthError {
  switch (failure.code) {
    case Code.ValidationFailed:
      return new AuthError(failure.code, failure.message, failure.field === undefined ? undefined : { field: failure.field });
    case Code.InvalidCredentials:
      return new AuthError(failure.code, 'Invalid username or secret');
    case Code.AccountLocked:
      return new AuthError(failure.code, 'The account is locked after repeated failed sign-ins; try again later or ask an admin to unlock it', {
        lockedUntil: failure.lockedUntil.toISOString(),
      });
    case Code.TokenInvalid:
      if (failure.reason === 'missing') return new AuthError(failure.code, 'Sign in first: send Authorization: Bearer <access token>', { reason: 'missing' });
      if (failure.reason === 'session_ended') {
        return new AuthError(failure.code, 'This session was ended (the user was deactivated, or their password or PIN changed): sign in again', {
          reason: 'session_ended',
        });
      }
      return failure.reason === 'malformed' || failure.reason === 'bad_signature'
        ? new AuthError(failure.code, 'The token is not valid', { reason: failure.reason })
        : new AuthError(failure.code, 'The token is not valid');
    case Code.TokenExpired:
      return new AuthError(failure.code, 'The token has expired');
    case Code.Forbidden:
      return failure.reason === 'wrong_department'
        ? new AuthError(failure.code, `Terminal ${failure.terminalId} belongs to another department`, {
            reason: failure.reason,
            terminalId: failure.terminalId,
          })
        : new AuthError(failure.code, 'Only operators and supervisors sign in at a terminal', {
            reason: failure.reason,
            terminalId: failure.terminalId,
          });
    case Code.NotFound:
      return new AuthError(failure.code, `User ${failure.username ?? failure.id ?? ''} not found`, {
        ...(failure.username === undefined ? {} : { username: failure.username }),
        ...(failure.id === undefined ? {} : { id: failure.id }),
      });
    case Code.AlreadyExists:
      return new AuthError(failure.code, `Username ${failure.username} is taken`, { username: failure.username });
  }
}

export const fail = (failure: AuthFailure): { ok: false; failure: AuthFailure } => ({ ok: false, failure });
export const succeed = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
