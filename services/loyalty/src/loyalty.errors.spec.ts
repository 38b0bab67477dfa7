import { status, type Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { failures } from './domain/loyalty-failure';
import {
  LoyaltyError,
  LoyaltyErrorCode,
  loyaltyErrorStatus,
  loyaltyGrpcCode,
  toLoyaltyError,
  toLoyaltyGrpcStatus,
  unwrap,
} from './loyalty.errors';

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

  it('map every failure to its gRPC status; contention is ABORTED, safe to retry', () => {
    expect(
      [
        failures.notWholePoints(7, 5),
        failures.accountNotFound('X'),
        failures.alreadyExists('id', 'X'),
        failures.insufficientPoints('X', 1, 2),
        failures.reversed('X', 'T'),
        failures.differentPoints('X', 'T', 1, 2),
        failures.exceedsRedeemed('X', 'T', 1, 2),
        failures.contention('X', 32),
      ].map((failure) => status[loyaltyGrpcCode(toLoyaltyError(failure))]),
    ).toEqual([
      'INVALID_ARGUMENT',
      'NOT_FOUND',
      'ALREADY_EXISTS',
      'FAILED_PRECONDITION',
      'FAILED_PRECONDITION',
      'FAILED_PRECONDITION',
      'FAILED_PRECONDITION',
      'ABORTED',
    ]);
  });

  it('send the code and details in trailers, and nothing of an unexpected error', () => {
    const refused = toLoyaltyGrpcStatus(toLoyaltyError(failures.notWholePoints(7, 5)), { error: () => undefined });
    expect(refused).toMatchObject({ code: status.INVALID_ARGUMENT, details: '7 minor units are not a whole number of points worth 5 each' });
    expect(refused.metadata?.get('tillwire-error-code')).toEqual(['validation_failed']);
    const [json] = (refused.metadata as Metadata).get('tillwire-error-details-bin') as Buffer[];
    expect(JSON.parse(json!.toString('utf8'))).toEqual({ reason: 'not_whole_points', amountMinor: 7, pointValueMinor: 5 });

    const logged: unknown[] = [];
    const crashed = toLoyaltyGrpcStatus(new Error('connection string postgres://secret'), { error: (...args) => logged.push(...args) });
    expect(crashed).toMatchObject({ code: status.INTERNAL, details: 'Internal error' });
    expect(logged).toHaveLength(2);
  });

  it('unwrap a value or throw the failure', () => {
    expect(unwrap({ ok: true, value: 7 })).toBe(7);
    expect(() => unwrap({ ok: false, failure: failures.accountNotFound('X') })).toThrow(LoyaltyError);
  });
});
