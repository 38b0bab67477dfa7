import { CommonErrorCode } from './domain-error';

export interface HttpErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface HttpError {
  status: number;
  body: HttpErrorBody;
}

interface BrokerErrorShape {
  name?: unknown;
  code?: unknown;
  type?: unknown;
  message?: unknown;
  data?: unknown;
}

const CLIENT_STATUSES = new Set([400, 401, 403, 404, 409, 413, 415, 422, 429]);

/** Failures of the HTTP layer itself (body parser, router), by the type they carry, as public codes. */
const HTTP_LAYER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: CommonErrorCode.ValidationFailed, message: 'The body is not valid JSON' },
  'entity.verify.failed': { status: 400, code: CommonErrorCode.ValidationFailed, message: 'The body is not valid JSON' },
  'request.aborted': { status: 400, code: CommonErrorCode.ValidationFailed, message: 'The request was aborted' },
  'request.size.invalid': { status: 400, code: CommonErrorCode.ValidationFailed, message: 'The body does not match its length' },
  UNABLE_DECODE_PARAM: { status: 400, code: CommonErrorCode.ValidationFailed, message: 'A path parameter is not valid' },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'The body is too large' },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type', message: 'Send JSON encoded as UTF-8' },
  'encoding.unsupported': { status: 415, code: 'unsupported_media_type', message: 'Send the body without content encoding' },
  NOT_FOUND: { status: 404, code: CommonErrorCode.NotFound, message: 'No such endpoint' },
  ORIGIN_NOT_ALLOWED: { status: 403, code: 'forbidden', message: 'Browsers of this origin may not call the API (CORS_ORIGINS)' },
};

/**
 * Maps anything a broker call can throw to the public error body. Domain errors arrive as
 * MoleculerClientError (type = code); Moleculer's own failures map to typed codes; anything else is
 * an internal error whose details never reach the client.
 */
export function toHttpError(error: unknown): HttpError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as BrokerErrorShape;
  const message = typeof e.message === 'string' ? e.message : 'Unexpected error';
  const layer = typeof e.type === 'string' ? HTTP_LAYER_ERRORS[e.type] : undefined;
  if (layer) return body(layer.status, layer.code, layer.message, undefined);
  if (e.name === 'ValidationError' || e.type === 'VALIDATION_ERROR') {
    return body(400, CommonErrorCode.ValidationFailed, 'Request validation failed', e.data);
  }
  if (isUnavailable(e)) {
    return body(503, CommonErrorCode.DependencyUnavailable, 'A dependency is unavailable, try again', undefined);
  }
  if (typeof e.code === 'number' && (CLIENT_STATUSES.has(e.code) || e.code === 503) && typeof e.type === 'string') {
    return body(e.code, e.type, message, e.data);
  }
  return body(500, CommonErrorCode.Internal, 'Internal error', undefined);
}

function isUnavailable(e: BrokerErrorShape): boolean {
  return (
    e.name === 'ServiceNotFoundError' ||
    e.name === 'ServiceNotAvailableError' ||
    e.name === 'RequestTimeoutError' ||
    e.name === 'BrokerDisconnectedError' ||
    e.type === 'SERVICE_NOT_FOUND' ||
    e.type === 'SERVICE_NOT_AVAILABLE' ||
    e.type === 'REQUEST_TIMEOUT'
  );
}

function body(status: number, code: string, message: string, details: unknown): HttpError {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}
