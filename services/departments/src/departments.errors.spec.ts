import { describe, expect, it } from 'vitest';
import { DepartmentsError, DepartmentsErrorCode, departmentsErrors, departmentsErrorStatus } from './departments.errors';

describe('departments errors', () => {
  it('map every code to its HTTP status', () => {
    expect(Object.values(DepartmentsErrorCode).map((code) => [code, departmentsErrorStatus(code)])).toEqual([
      ['validation_failed', 400],
      ['not_found', 404],
      ['already_exists', 409],
      ['invalid_state', 409],
    ]);
  });

  it('carry their status and details', () => {
    const error = new DepartmentsError(DepartmentsErrorCode.NotFound, 'gone', { code: 'X' });
    expect(error).toMatchObject({ code: 'not_found', status: 404, details: { code: 'X' }, name: 'DepartmentsError' });
  });

  it('refuse a department in use as invalid_state with both counts', () => {
    expect(departmentsErrors.inUse('HOME', { reason: 'in_use', terminals: 2, products: 0 })).toMatchObject({
      code: 'invalid_state',
      status: 409,
      details: { reason: 'in_use', terminals: 2, products: 0 },
    });
  });
});
