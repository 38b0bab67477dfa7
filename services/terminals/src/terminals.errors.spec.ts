import { describe, expect, it } from 'vitest';
import { TerminalsErrorCode, terminalsErrors, terminalsErrorStatus } from './terminals.errors';

describe('terminals errors', () => {
  it('map every code to its HTTP status', () => {
    expect(Object.values(TerminalsErrorCode).map((code) => [code, terminalsErrorStatus(code)])).toEqual([
      ['validation_failed', 400],
      ['not_found', 404],
      ['already_exists', 409],
      ['invalid_state', 409],
      ['terminal_unavailable', 503],
    ]);
  });

  it('call an unknown department bad input, naming it', () => {
    expect(terminalsErrors.unknownDepartment('GARDEN')).toMatchObject({
      code: 'validation_failed',
      status: 400,
      details: { departmentCode: 'GARDEN' },
    });
  });

  it('refuse removing a terminal with open transactions, with their count', () => {
    expect(terminalsErrors.removalWithOpenTransactions('T1', 2)).toMatchObject({
      code: 'invalid_state',
      status: 409,
      details: { reason: 'open_transactions', count: 2 },
    });
  });
});
