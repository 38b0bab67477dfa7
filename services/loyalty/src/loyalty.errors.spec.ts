import { describe, expect, it } from 'vitest';
import { failures } from './domain/loyalty-failure';
import { LoyaltyError, LoyaltyErrorCode, loyaltyErrorStatus, toLoyaltyError, unwrap } from './loyalty.errors';

describe('loyalty errors', () => {
  it('map every code to its HTTP status', () => {
    expect(Object.values(LoyaltyErrorCode).map((code) => [code, loyaltyErrorStatus(code)])).toEqual([
      ['validation_failed', 400],
      ['not_found', 404],
      ['already_exists', 409],
      ['insufficient_points', 422],
      ['invalid_state', 409],
    ]);
  });

  it('carry the data of the failure as details', () => {
    expect(toLoyaltyError(failures.insufficientPoints('C-1', 40, 100))).toMatchObject({
      name: 'LoyaltyError',
      code: 'insufficient_points',
      status: 422,
      details: { accountId: 'C-1', available: 40, requested: 100 },
    });
    expect(toLoyaltyError(failures.alreadyExists('email', 'a@b.c'))).toMatchObject({
      code: 'already_exists',
      status: 409,
      details: { email: 'a@b.c' },
    });
    expect(toLoyaltyError(failures.contention('C-1', 32))).toMatchObject({
      code: 'invalid_state',
      details: { reason: 'contention', accountId: 'C-1', attempts: 32 },
    });
  });

  it('unwrap a value or throw the failure', () => {
    expect(unwrap({ ok: true, value: 7 })).toBe(7);
    expect(() => unwrap({ ok: false, failure: failures.accountNotFound('X') })).toThrow(LoyaltyError);
  });
});
