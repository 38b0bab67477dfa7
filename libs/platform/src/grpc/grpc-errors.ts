import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { CommonErrorCode, DomainError, type ErrorStatus } from '../errors/domain-error';

/** Trailer naming the domain error code (e.g. `insufficient_points`) of a refused call. */
export const ERROR_CODE_KEY = 'tillwire-error-code';
/** Trailer holding the error's details as UTF-8 JSON (binary, so any text survives). */
export const ERROR_DETAILS_KEY = 'tillwire-error-details-bin';

/** What a server answers for a refused call: a gRPC status, the domain code and details in trailers. */
export function grpcStatusOf(code: status, error: DomainError): Partial<StatusObject> {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, error.code);
  if (error.details) metadata.set(ERROR_DETAILS_KEY, Buffer.from(JSON.stringify(error.details), 'utf8'));
  return { code, details: error.message, metadata };
}

/** An error nothing mapped: the caller learns only that it was internal; the log keeps the cause. */
export function internalStatus(): Partial<StatusObject> {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, CommonErrorCode.Internal);
  return { code: status.INTERNAL, details: 'Internal error', metadata };
}

/**
 * What a gRPC status stands for where a caller of ours can act on it: an HTTP status, and the code
 * used when the server sent none (it was not reached, or is not one of ours).
 */
const MAPPED: Partial<Record<status, { readonly http: ErrorStatus; readonly code: string }>> = {
  [status.INVALID_ARGUMENT]: { http: 400, code: CommonErrorCode.ValidationFailed },
  [status.OUT_OF_RANGE]: { http: 400, code: CommonErrorCode.ValidationFailed },
  [status.PERMISSION_DENIED]: { http: 403, code: 'forbidden' },
  [status.NOT_FOUND]: { http: 404, code: CommonErrorCode.NotFound },
  [status.ALREADY_EXISTS]: { http: 409, code: CommonErrorCode.InvalidState },
  [status.ABORTED]: { http: 409, code: CommonErrorCode.InvalidState },
  [status.FAILED_PRECONDITION]: { http: 422, code: CommonErrorCode.InvalidState },
  [status.RESOURCE_EXHAUSTED]: { http: 429, code: 'rate_limited' },
  [status.UNAVAILABLE]: { http: 503, code: CommonErrorCode.DependencyUnavailable },
  [status.DEADLINE_EXCEEDED]: { http: 503, code: CommonErrorCode.DependencyUnavailable },
};

/**
 * A gRPC call that the server refused or that did not get through, as a DomainError: `code` is the
 * server's domain code (or `dependency_unavailable` when the server was not reached in time), so it
 * crosses the broker and the HTTP edge like any other service's error.
 */
export class GrpcCallError extends DomainError<string> {
  constructor(
    readonly grpcCode: status,
    code: string,
    message: string,
    details: Record<string, unknown> | undefined,
    readonly status: ErrorStatus,
  ) {
    super(code, message, details);
  }
}

/**
 * The error a client call rejects with: a GrpcCallError when the status maps to one, otherwise the
 * ServiceError itself (INTERNAL, UNKNOWN, UNIMPLEMENTED, CANCELLED, DATA_LOSS), which callers treat
 * as an internal error. A failure the server did not describe (unreachable, deadline) gets a message
 * naming the method and status only: the transport's own text names addresses.
 */
export function fromGrpcError(error: ServiceError, method = 'gRPC call'): GrpcCallError | ServiceError {
  const mapped = MAPPED[error.code];
  if (!mapped) return error;
  const sent = error.metadata?.get(ERROR_CODE_KEY)[0];
  if (typeof sent === 'string') {
    return new GrpcCallError(error.code, sent, error.details || error.message, detailsOf(error.metadata), mapped.http);
  }
  const message = `A dependency did not answer (${method}: ${status[error.code]})`;
  return new GrpcCallError(error.code, mapped.code, message, undefined, mapped.http);
}

function detailsOf(metadata: Metadata | undefined): Record<string, unknown> | undefined {
  const raw = metadata?.get(ERROR_DETAILS_KEY)[0];
  if (!Buffer.isBuffer(raw)) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
