import { describe, expect, it } from 'vitest';
import { DepartmentsError, DepartmentsErrorCode, departmentsErrorStatus } from './departments.errors';

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
});
