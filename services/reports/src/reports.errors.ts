import { status, type StatusObject } from '@grpc/grpc-js';
import { DomainError, grpcStatusOf, internalStatus, type ErrorStatus } from '@tillwire/platform';

/** The reports service's codes; over gRPC a status with the code in the `tillwire-error-code` trailer. */
export enum ReportsErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  InvalidState = 'invalid_state',
  DependencyUnavailable = 'dependency_unavailable',
}

/** The one place a reports code meets its HTTP status; a new code fails to compile until mapped. */
export function reportsErrorStatus(code: ReportsErrorCode): ErrorStatus {
  switch (code) {
    case ReportsErrorCode.ValidationFailed:
      return 400;
    case ReportsErrorCode.NotFound:
      return 404;
    case ReportsErrorCode.InvalidState:
      return 409;
    case ReportsErrorCode.DependencyUnavailable:
      return 503;
    default:
      return unreachable(code);
  }
}

/** The one place a reports code meets its gRPC status. */
export function reportsGrpcCode(code: ReportsErrorCode): status {
  switch (code) {
    case ReportsErrorCode.ValidationFailed:
      return status.INVALID_ARGUMENT;
    case ReportsErrorCode.NotFound:
      return status.NOT_FOUND;
    case ReportsErrorCode.InvalidState:
      return status.FAILED_PRECONDITION;
    case ReportsErrorCode.DependencyUnavailable:
      return status.UNAVAILABLE;
    default:
      return unreachable(code);
  }
}

export class ReportsError extends DomainError<ReportsErrorCode> {
  readonly status: ErrorStatus;

  constructor(code: ReportsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = reportsErrorStatus(code);
  }
}

export const invalidArguments = (issues: ReadonlyArray<{ path: string; message: string }>) =>
  new ReportsError(ReportsErrorCode.ValidationFailed, 'Invalid parameters', { issues });
export const shiftNotFound = (shiftId: string) => new ReportsError(ReportsErrorCode.NotFound, `Shift ${shiftId} not found`, { shiftId });
export const reconciliationNotFound = (id: string) =>
  new ReportsError(ReportsErrorCode.NotFound, `Reconciliation ${id} not found`, { reconciliationId: id });
export const dependencyUnavailable = (what: string, cause: string) =>
  new ReportsError(ReportsErrorCode.DependencyUnavailable, `${what} did not answer`, { dependency: what, cause });

/** What a gRPC handler answers for anything it throws; what is not a ReportsError is logged and kept internal. */
export function toReportsGrpcStatus(error: unknown, log: { error(...args: unknown[]): void }): Partial<StatusObject> {
  if (error instanceof ReportsError) return grpcStatusOf(reportsGrpcCode(error.code), error);
  log.error('Reports gRPC call failed', error);
  return internalStatus();
}

function unreachable(value: never): never {
  throw new Error(`Unhandled reports case ${JSON.stringify(value)}`);
}
