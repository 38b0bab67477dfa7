import moleculer from 'moleculer';

const { MoleculerClientError } = moleculer.Errors;

/** HTTP status families a domain code can map to; each service's errors file chooses one per code. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/**
 * Base of every service's error class: a stable code from the service's enum, the HTTP status
 * that code maps to, and structured details for the caller.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly status: ErrorStatus;

  constructor(
    readonly code: Code,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Codes every service shares; service enums add their own business codes. */
export enum CommonErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  InvalidState = 'invalid_state',
  DependencyUnavailable = 'dependency_unavailable',
  Internal = 'internal_error',
}

/** Custom classes do not survive NATS: across the broker a DomainError travels as MoleculerClientError with type = code. */
export function toBrokerError(error: DomainError): InstanceType<typeof MoleculerClientError> {
  return new MoleculerClientError(error.message, error.status, error.code, error.details);
}
