import type { ServerResponse } from 'node:http';
import { requestHash, toHttpError, type IdempotencyStore, type StoredResponse } from '@tillwire/platform';
import type { ServiceBroker } from 'moleculer';
import { z } from 'zod';
import type { CallOptions, Route } from './route';

/** What moleculer-web hands an alias function. */
export interface ApiRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  $params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  $service: { broker: ServiceBroker };
}

const idempotencyKey = z.string().min(1).max(255);
const anyQuery = z.object({}).passthrough();

/**
 * Runs one route: validates path, query and body with the route's schemas, applies the
 * Idempotency-Key rules to POSTs, calls the broker and answers JSON (errors as `{error:{…}}`), or
 * nothing for a 204.
 */
export function routeHandler(route: Route, idempotency: IdempotencyStore, terminalWaitMs: number) {
  const options: CallOptions = route.waitsOnTerminal ? { timeout: terminalWaitMs } : {};
  const pathNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  return async (req: ApiRequest, res: ServerResponse): Promise<void> => {
    const broker = req.$service.broker;
    const input = parseInput(route, pathNames, req);
    if (!input.ok) return send(res, input.error);
    if (route.method !== 'POST') return send(res, (await execute(route, input.value, broker, options)).response);

    const key = idempotencyKey.safeParse(req.headers['idempotency-key']);
    if (!key.success) {
      return send(res, failure(400, 'validation_failed', 'The Idempotency-Key header is required (1-255 characters)', { header: 'Idempotency-Key' }));
    }
    const hash = requestHash([route.method, req.url ?? route.path, JSON.stringify(req.body ?? {})]);
    const claim = await idempotency.claim(route.id, key.data, hash);
    switch (claim.outcome) {
      case 'replay':
        return send(res, claim.response);
      case 'reused':
        return send(res, failure(409, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request'));
      case 'in_progress':
        return send(res, failure(409, 'in_progress', 'A request with this Idempotency-Key is still in progress; retry shortly'));
      case 'claimed': {
        const { response, retryable, stored } = await execute(route, { ...input.value, idempotencyKey: key.data }, broker, options);
        if (retryable) await idempotency.release(route.id, key.data);
        else await idempotency.complete(route.id, key.data, stored ?? response);
        return send(res, response);
      }
    }
  };
}

type Input = Parameters<Route['call']>[0];

export function parseInput(route: Route, pathNames: string[], req: ApiRequest): { ok: true; value: Input } | { ok: false; error: StoredResponse } {
  const rawPath = Object.fromEntries(pathNames.map((name) => [name, String(req.$params?.[name] ?? '')]));
  const params = route.params ? route.params.safeParse(rawPath) : { success: true as const, data: rawPath };
  const query = (route.query ?? anyQuery).safeParse(req.query ?? {});
  const body = route.body ? route.body.safeParse(req.body ?? {}) : { success: true as const, data: undefined };
  const issues = [
    ...(params.success ? [] : params.error.issues.map((i) => ({ in: 'path', path: i.path.join('.'), message: i.message }))),
    ...(query.success ? [] : query.error.issues.map((i) => ({ in: 'query', path: i.path.join('.'), message: i.message }))),
    ...(body.success ? [] : body.error.issues.map((i) => ({ in: 'body', path: i.path.join('.'), message: i.message }))),
  ];
  if (issues.length > 0 || !params.success || !query.success || !body.success) {
    return { ok: false, error: failure(400, 'validation_failed', 'The request is not valid', { issues }) };
  }
  return { ok: true, value: { path: params.data, query: query.data, body: body.data, idempotencyKey: undefined } };
}

/**
 * The route's answer, and whether a retry could get another one (a dependency was down, or the
 * saga was still running elsewhere): such answers free the idempotency key; all others are final.
 */
async function execute(
  route: Route,
  input: Input,
  broker: ServiceBroker,
  options: CallOptions,
): Promise<{ response: StoredResponse; retryable: boolean; stored?: StoredResponse }> {
  try {
    const result = await route.call(input, broker, options);
    const response = { status: route.status, body: route.status === 204 ? '' : JSON.stringify(result) };
    if (!route.storedForReplay) return { response, retryable: false };
    return { response, retryable: false, stored: { status: route.status, body: JSON.stringify(route.storedForReplay(result)) } };
  } catch (error) {
    const { status, body } = toHttpError(error);
    if (status >= 500) broker.logger.error(`${route.method} ${route.path} failed`, error);
    return { response: { status, body: JSON.stringify(body) }, retryable: status >= 500 || body.error.code === 'in_progress' };
  }
}

function failure(status: number, code: string, message: string, details?: unknown): StoredResponse {
  return { status, body: JSON.stringify({ error: details === undefined ? { code, message } : { code, message, details } }) };
}

export function send(res: ServerResponse, response: StoredResponse): void {
  if (response.status === 204) {
    res.writeHead(204);
    res.end();
    return;
  }
  res.writeHead(response.status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(response.body);
}
