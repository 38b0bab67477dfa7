import { departments } from '@tillwire/contracts';
import { DomainError, type ErrorStatus } from '@tillwire/platform';

export const { DepartmentsErrorCode } = departments;
export type DepartmentsErrorCode = departments.DepartmentsErrorCode;

/** The one place a departments code meets its HTTP status; a new code fails to compile until mapped. */
export function departmentsErrorStatus(code: DepartmentsErrorCode): ErrorStatus {
  switch (code) {
    case DepartmentsErrorCode.ValidationFailed:
      return 400;
    case DepartmentsErrorCode.NotFound:
      return 404;
    case DepartmentsErrorCode.AlreadyExists:
    case DepartmentsErrorCode.InvalidState:
      return 409;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped departments error code: ${String(unmapped)}`);
    }
  }
}

export class DepartmentsError extends DomainError<DepartmentsErrorCode> {
  readonly status: ErrorStatus;

  constructor(code: DepartmentsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = departmentsErrorStatus(code);
  }
}

export const departmentsErrors = {
  validationFailed: (message: string, details: Record<string, unknown>) =>
    new DepartmentsError(DepartmentsErrorCode.ValidationFailed, message, details),
  departmentNotFound: (code: string) =>
    new DepartmentsError(DepartmentsErrorCode.NotFound, `Department ${code} not found`, { code }),
  unknownDepartments: (codes: readonly string[]) =>
    new DepartmentsError(DepartmentsErrorCode.NotFound, `Unknown department(s): ${codes.join(', ')}`, {
      departmentCodes: codes,
    }),
  alreadyExists: (code: string) =>
    new DepartmentsError(DepartmentsErrorCode.AlreadyExists, `Department ${code} already exists`, { code }),
  invalidState: (message: string, details: Record<string, unknown>) =>
    new DepartmentsError(DepartmentsErrorCode.InvalidState, message, details),
  inUse: (code: string, use: departments.DepartmentInUse) =>
    new DepartmentsError(
      DepartmentsErrorCode.InvalidState,
      `Department ${code} is still used by ${use.terminals} terminal(s) and ${use.products} product(s)`,
      { ...use },
    ),
};
