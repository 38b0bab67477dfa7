import { status, type StatusObject } from '@grpc/grpc-js';
import { loyalty } from '@tillwire/contracts';
import { DomainError, grpcStatusOf, internalStatus, type ErrorStatus } from '@tillwire/platform';
import type { LoyaltyFailure, Result } from './domain/loyalty-failure';

export const { LoyaltyErrorCode } = loyalty;
export type LoyaltyErrorCode = loyalty.LoyaltyErrorCode;

/** The one place a loyalty code meets its HTTP status; a new code fails to compile until mapped. */
export function loyaltyErrorStatus(code: LoyaltyErrorCode): ErrorStatus {
  switch (code) {
    case LoyaltyErrorCode.ValidationFailed:
      return 400;
    case LoyaltyErrorCode.NotFound:
      return 404;
    case LoyaltyErrorCode.AlreadyExists:
    case LoyaltyErrorCode.InvalidState:
      return 409;
    case LoyaltyErrorCode.InsufficientPoints:
      return 422;
    default:
      return unreachable(code);
  }
}

/**
 * The one place a loyalty error meets its gRPC status; the code and details travel in trailers.
 * Contention is ABORTED: nothing was refused, the caller may simply retry.
 */
export function loyaltyGrpcCode(error: LoyaltyError): status {
  switch (error.code) {
    case LoyaltyErrorCode.ValidationFailed:
      return status.INVALID_ARGUMENT;
    case LoyaltyErrorCode.NotFound:
      return status.NOT_FOUND;
    case LoyaltyErrorCode.AlreadyExists:
      return status.ALREADY_EXISTS;
    case LoyaltyErrorCode.InsufficientPoints:
      return status.FAILED_PRECONDITION;
    case LoyaltyErrorCode.InvalidState:
      return error.details?.reason === 'contention' ? status.ABORTED : status.FAILED_PRECONDITION;
    default:
      return unreachable(error.code);
  }
}

/** What a gRPC handler answers for anything it throws; what is not a LoyaltyError is logged and kept internal. */
export function toLoyaltyGrpcStatus(error: unknown, log: { error(...args: unknown[]): void }): Partial<StatusObject> {
  if (error instanceof LoyaltyError) return grpcStatusOf(loyaltyGrpcCode(error), error);
  log.error('Loyalty gRPC call failed', error);
  return internalStatus();
}

/**
 * The loyalty service's one error class: over gRPC a status with the code and details in trailers,
 * over the broker `type` = code, `data` = details.
 */
export class LoyaltyError extends DomainError<LoyaltyErrorCode> {
  readonly status: ErrorStatus;

  constructor(code: LoyaltyErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = loyaltyErrorStatus(code);
  }
}

export function toLoyaltyError(failure: LoyaltyFailure): LoyaltyError {
  if (failure.code === LoyaltyErrorCode.AlreadyExists) {
    return new LoyaltyError(failure.code, messageOf(failure), { [failure.field]: failure.value });
  }
  const { code, ...details } = failure;
  return new LoyaltyError(code, messageOf(failure), details);
}

/** The value of a successful use case, or its failure thrown as a LoyaltyError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw toLoyaltyError(result.failure);
}

function messageOf(failure: LoyaltyFailure): string {
  switch (failure.code) {
    case LoyaltyErrorCode.ValidationFailed:
      return `${failure.amountMinor} minor units are not a whole number of points worth ${failure.pointValueMinor} each`;
    case LoyaltyErrorCode.NotFound:
      return `Loyalty account ${failure.accountId} not found`;
    case LoyaltyErrorCode.AlreadyExists:
      return `A loyalty account with this ${failure.field} exists`;
    case LoyaltyErrorCode.InsufficientPoints:
      return `Only ${failure.available} points available, ${failure.requested} requested`;
    case LoyaltyErrorCode.InvalidState:
      switch (failure.reason) {
        case 'reversed':
          return `The points of transaction ${failure.transactionId} were reversed; it cannot redeem again`;
        case 'different_points':
          return `Transaction ${failure.transactionId} already redeemed ${failure.redeemedPoints} points`;
        case 'exceeds_redeemed':
          return `Only ${failure.refundable} points of transaction ${failure.transactionId} are left to refund, ${failure.requested} requested`;
        case 'contention':
          return `Account ${failure.accountId} is changing too fast; retry`;
        default:
          return unreachable(failure);
      }
    default:
      return unreachable(failure);
  }
}

function unreachable(value: never): never {
  throw new Error(`Unhandled loyalty case ${JSON.stringify(value)}`);
}
