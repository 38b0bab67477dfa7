import type { handleUnaryCall, StatusObject } from '@grpc/grpc-js';
import type { z } from 'zod';
import { unaryHandler } from './grpc-server';

/** A request field a schema refused, as INVALID_ARGUMENT details name it. */
export interface RequestIssue {
  readonly path: string;
  readonly message: string;
}

/** Validates `request` with `params`; a refusal is thrown as `invalid(issues)`, the service's own validation error. */
export function parseRequest<Params extends z.ZodType>(params: Params, request: unknown, invalid: (issues: RequestIssue[]) => unknown): z.output<Params> {
  const parsed = params.safeParse(request);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  return parsed.data;
}

/**
 * A unary handler that validates the request with `params` before `handle` sees it. Errors, the
 * validation error included, leave as the status `errors.toStatus` makes of them.
 */
export function validatedUnary<Params extends z.ZodType, Request, Response>(
  params: Params,
  handle: (input: z.output<Params>) => Promise<Response>,
  errors: { invalid(issues: RequestIssue[]): unknown; toStatus(error: unknown): Partial<StatusObject> },
): handleUnaryCall<Request, Response> {
  return unaryHandler(async (request: Request) => handle(parseRequest(params, request, errors.invalid)), errors.toStatus);
}
