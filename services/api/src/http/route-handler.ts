import type { ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import type { auth } from '@tillwire/contracts';
import {
  appendAudit,
  requestHash,
  toHttpError,
  type AuditEntryInput,
  type IdempotencyStore,
  type SqlExecutor,
  type StoredResponse,
} from '@tillwire/platform';
import type { ServiceBroker } from 'moleculer';
import { z } from 'zod';
import type { AccessGuard, Refusal } from './access-guard';
import { clientAddress } from './client-address';
import type { IdentityPort, Route, RouteContext } from './route';
import type { TransactionTerminals } from './transaction-terminals';

/** What moleculer-web hands an alias function. */
export interface ApiRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  $params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  socket?: { remoteAddress?: string };
  $service: { broker: ServiceBroker };
}

const idempotencyKey = z.string().min(1).max(255);
const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;
const anyQuery = z.object({}).passthrough();

/** What every route handler works with, once the API service has started. */
export interface Edge {
  readonly idempotency: IdempotencyStore;
  readonly guard: AccessGuard;
  readonly identity: IdentityPort;
  /** Where the audit entries of requests without an Idempotency-Key are appended (the idempotency store writes the others). */
  readonly sql: SqlExecutor;
  /** Broker timeout of a call that waits on a payment terminal. */
  readonly terminalWaitMs: number;
  /** Proxies whose X-Forwarded-For names the client. */
  readonly proxies: BlockList;
  readonly transactionTerminals: TransactionTerminals;
}

/**
 * Runs one route: admits the caller (rate limits, token, permission), validates path, query and
 * body with the route's schemas, checks the terminal a session is bound to, applies the
 * Idempotency-Key rules to POSTs, calls the broker for the user, records a state change in the audit
 * trail (a POST's entry in the statement that stores its answer) and answers JSON (errors as
 * `{error:{…}}`), or nothing for a 204.
 */
export function routeHandler(route: Route, edgeOf: () => Edge | undefined) {
  const pathNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  return async (req: ApiRequest, res: ServerResponse): Promise<void> => {
    const edge = edgeOf();
    const admitted = await admitRequest(route, pathNames, req, edge);
    if (!admitted.ok) return send(res, admitted.refusal.response, admitted.refusal.headers);
    const { ctx, input, ip } = admitted;
    const change = { route, ctx, ip };
    if (route.method !== 'POST' || route.signIn) return send(res, (await execute(change, input, auditOnly(edge!.sql))).response);

    const key = idempotencyKey.safeParse(req.headers['idempotency-key']);
    if (!key.success) {
      return send(res, failure(400, 'validation_failed', 'The Idempotency-Key header is required (1-255 characters)', { header: 'Idempotency-Key' }));
    }
    // Keys are the user's own: another user's key never replays this user's answer.
    const scope = `${route.id}:${ctx.actor?.userId ?? 'anonymous'}`;
    const hash = requestHash([route.method, req.url ?? route.path, JSON.stringify(req.body ?? {})]);
    const idempotency = edge!.idempotency;
    const claim = await idempotency.claim(scope, key.data, hash);
    switch (claim.outcome) {
      case 'replay':
        return send(res, claim.response);
      case 'reused':
        return send(res, failure(409, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request'));
      case 'in_progress':
        return send(res, failure(409, 'in_progress', 'A request with this Idempotency-Key is still in progress; retry shortly'));
      case 'claimed': {
        const stored: Commit = (answer, entry) => idempotency.complete(scope, key.data, answer, entry);
        const { response, retryable } = await execute(change, { ...input, idempotencyKey: key.data }, stored);
        if (retryable) await idempotency.release(scope, key.data);
        return send(res, response);
      }
    }
  };
}

type Admitted = { ok: true; ctx: RouteContext; input: Input; ip: string } | { ok: false; refusal: Refusal };

/**
 * Everything before a route's call: the caller is admitted (rate limits, token, permission), the
 * input validated, an approval read and the terminal a session is bound to checked.
 */
export async function admitRequest(route: Route, pathNames: string[], req: ApiRequest, edge: Edge | undefined): Promise<Admitted> {
  if (!edge) return { ok: false, refusal: { response: failure(503, 'dependency_unavailable', 'The API is starting; retry shortly') } };
  const ip = clientAddress(req.socket?.remoteAddress, header(req, 'x-forwarded-for'), edge.proxies);
  const admission = await edge.guard.admit(route, header(req, 'authorization'), ip);
  if (!admission.ok) return admission;
  const input = parseInput(route, pathNames, req);
  if (!input.ok) return { ok: false, refusal: { response: input.error } };
  const approval = edge.guard.approver(admission.actor, header(req, 'x-approval-token'));
  if (!approval.ok) return approval;
  const ctx = routeContext(req.$service.broker, edge, route, admission.actor, approval.approver);
  const refusal = await bounded(() => edge.guard.checkTerminal(route, input.value, ctx));
  return refusal ? { ok: false, refusal } : { ok: true, ctx, input: input.value, ip };
}

/** The broker calls of one request, on behalf of its user. */
export function routeContext(broker: ServiceBroker, edge: Edge, route: Route, actor: auth.Actor | null, approver?: string): RouteContext {
  const options = { ...(route.waitsOnTerminal ? { timeout: edge.terminalWaitMs } : {}), meta: actor ? { actor } : {} };
  return {
    actor,
    approver,
    broker,
    identity: edge.identity,
    transactionTerminals: edge.transactionTerminals,
    call: <T>(action: string, params: object) => broker.call<T, object>(action, params, options),
  };
}

type Input = Parameters<Route['call']>[0];

export function parseInput(route: Route, pathNames: string[], req: ApiRequest): { ok: true; value: Input } | { ok: false; error: StoredResponse } {
  const rawPath = Object.fromEntries(pathNames.map((name) => [name, String(req.$params?.[name] ?? '')]));
  const params = route.params ? route.params.safeParse(rawPath) : { success: true as const, data: rawPath };
  const query = (route.query ?? anyQuery).safeParse(req.query ?? {});
  // The JSON parser leaves `{}` for a body of another type: such a body is refused, never read as `{}`.
  if (route.body && hasBody(req) && !JSON_TYPE.test(header(req, 'content-type') ?? '')) {
    return { ok: false, error: failure(415, 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json)') };
  }
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

interface Change {
  route: Route;
  ctx: RouteContext;
  ip: string;
}

/**
 * Writes what a final answer commits with: the audit entry of a state change, and for a request
 * with an Idempotency-Key the answer stored for replays (then both in one statement).
 */
type Commit = (answer: StoredResponse, entry: AuditEntryInput | undefined) => Promise<void>;

/** Without an Idempotency-Key nothing is stored for replays: the audit entry alone. */
function auditOnly(sql: SqlExecutor): Commit {
  return async (_answer, entry) => {
    if (entry) await appendAudit(sql, entry);
  };
}

/**
 * The route's answer, and whether a retry could get another one (a dependency was down, or the
 * saga was still running elsewhere): such answers free the idempotency key; all others are final
 * and committed. A state change is in the audit trail before it is answered; when the entry cannot
 * be written the answer is retryable (the call is idempotent, so a retry records it).
 */
async function execute(change: Change, input: Input, commit: Commit): Promise<{ response: StoredResponse; retryable: boolean }> {
  const { route, ctx } = change;
  try {
    const before = route.audit?.before ? await route.audit.before(input, ctx) : undefined;
    const result = await route.call(input, ctx);
    const response = { status: route.status, body: route.status === 204 ? '' : JSON.stringify(result) };
    const stored = route.storedForReplay ? { status: route.status, body: JSON.stringify(route.storedForReplay(result)) } : response;
    await commit(stored, route.audit ? auditEntry(change, input, before, result) : undefined);
    return { response, retryable: false };
  } catch (error) {
    const { status, body } = toHttpError(error);
    if (status >= 500) ctx.broker.logger.error(`${route.method} ${route.path} failed`, error);
    const failed = { response: { status, body: JSON.stringify(body) }, retryable: status >= 500 || body.error.code === 'in_progress' };
    // A final failure is stored for replays too; it records no change in the audit trail.
    if (!failed.retryable) await commit(failed.response, undefined);
    return failed;
  }
}

function auditEntry({ route, ctx, ip }: Change, input: Input, before: unknown, after: unknown): AuditEntryInput {
  const audit = route.audit!;
  const entity = audit.entity(input, after);
  const details = audit.details?.(input, ctx);
  return {
    actor: ctx.actor ? { id: ctx.actor.userId, role: ctx.actor.roles.join(',') } : null,
    action: audit.action,
    entityType: entity.type,
    entityId: entity.id,
    terminalId: ctx.actor?.terminalId,
    ip,
    before,
    after: route.status === 204 ? details : { ...(after as object), ...details },
  };
}

/** Runs a check that may read through the broker (the terminal of a transaction), its failure as the answer. */
async function bounded(check: () => Promise<Refusal | undefined>): Promise<Refusal | undefined> {
  try {
    return await check();
  } catch (error) {
    const { status, body } = toHttpError(error);
    return { response: { status, body: JSON.stringify(body) } };
  }
}

function hasBody(req: ApiRequest): boolean {
  const length = header(req, 'content-length');
  return (length !== undefined && length !== '0') || header(req, 'transfer-encoding') !== undefined;
}

export function header(req: ApiRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function failure(status: number, code: string, message: string, details?: unknown): StoredResponse {
  return { status, body: JSON.stringify({ error: details === undefined ? { code, message } : { code, message, details } }) };
}

export function send(res: ServerResponse, response: StoredResponse, headers: Record<string, string> = {}): void {
  // Every 401 names the scheme that would be accepted.
  if (response.status === 401) headers = { 'WWW-Authenticate': 'Bearer', ...headers };
  if (response.status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  res.writeHead(response.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(response.body);
}
