import { describe, expect, it } from 'vitest';
import { toBrokerError } from '../errors/domain-error';
import { toHttpError } from '../errors/http-error';
import { AuthErrorCode, authErrorStatus, toAuthError } from './auth.errors';

describe('auth errors', () => {
  it('map every code to its HTTP status', () => {
    expect(Object.fromEntries(Object.values(AuthErrorCode).map((code) => [code, authErrorStatus(code)]))).toEqual({
      validation_failed: 400,
      invalid_credentials: 401,
      account_locked: 401,
      token_invalid: 401,
      token_expired: 401,
      forbidden: 403,
      not_found: 404,
      already_exists: 409,
    });
  });

  it('reach the HTTP body through the broker with their code and details', () => {
    const lockedUntil = new Date('2026-11-21T12:15:00Z');
    const error = toAuthError({ code: AuthErrorCode.AccountLocked, lockedUntil });
    expect(toHttpError(toBrokerError(error))).toEqual({
      status: 401,
      body: { error: { code: 'account_locked', message: expect.any(String), details: { lockedUntil: '2026-11-21T12:15:00.000Z' } } },
    });
  });

  it('say nothing of why a refresh token was refused, and no more than the code for bad credentials', () => {
    expect(toAuthError({ code: AuthErrorCode.TokenInvalid, reason: 'revoked' }).details).toBeUndefined();
    expect(toAuthError({ code: AuthErrorCode.TokenInvalid, reason: 'bad_signature' }).details).toEqual({ reason: 'bad_signature' });
    const invalid = toAuthError({ code: AuthErrorCode.InvalidCredentials });
    expect([invalid.status, invalid.message, invalid.details]).toEqual([401, 'Invalid username or secret', undefined]);
    expect(toAuthError({ code: AuthErrorCode.Forbidden, reason: 'wrong_department', terminalId: 'T3' })).toMatchObject({
      status: 403,
      details: { reason: 'wrong_department', terminalId: 'T3' },
    });
  });
});
