import type { auth, permissions } from '@tillwire/contracts';
import type { ServiceBroker } from 'moleculer';
import { z } from 'zod';
import type { TransactionTerminals } from './transaction-terminals';

export interface RouteInput<Body, Query> {
  path: Record<string, string>;
  query: Query;
  body: Body;
  /** The Idempotency-Key of a POST. */
  idempotencyKey: string | undefined;
  /** The Last-Event-ID of an event stream: the client had every event up to it. */
  lastEventId?: string | undefined;
}

/** What an event stream sends: `id` is decimal and increases, `type` names the SSE event. */
export interface StreamEvent {
  readonly id: string;
  readonly type: string;
}

/**
 * A success answers JSON described by `response`, nothing at all (204), or Server-Sent Events: `call`
 * answers the history (StreamEvents, oldest first), then the events published on `stream.topic`
 * follow live; `response` describes one event.
 */
export type RouteSuccess =
  | { status: 200 | 201; response: z.ZodType; stream?: undefined }
  | { status: 204; response?: undefined; stream?: undefined }
  | { status: 200; response: z.ZodType; stream: EventStreamOf };

export interface EventStreamOf {
  topic(input: RouteInput<unknown, unknown>): string;
}

/**
 * One public HTTP endpoint: the schemas that validate it are the ones the OpenAPI document is
 * generated from, and `call` turns the validated input into broker calls.
 */
export type Route<Body extends z.ZodType = z.ZodType, Query extends z.ZodType = z.ZodType> = RouteDefinition<Body, Query> & RouteSuccess;

interface RouteDefinition<Body extends z.ZodType, Query extends z.ZodType> {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** moleculer-web pattern, e.g. `/pos/transactions/:id`. */
  path: string;
  summary: string;
  tag: string;
  /**
   * Who may call it: a permission of the matrix (libs/contracts permissions), any signed-in user, or
   * anyone (`public`: health, docs, sign-in).
   */
  access: permissions.Permission | 'signed_in' | 'public';
  /** Path parameters, validated before anything else (a POST's Idempotency-Key is claimed only for valid requests). */
  params?: z.ZodType<Record<string, string>>;
  body?: Body;
  query?: Query;
  /**
   * The terminal the request acts on: a session signed in at a terminal may act on that one only,
   * and an operator or supervisor without one on none.
   */
  terminal?(input: RouteInput<z.output<Body>, z.output<Query>>, ctx: RouteContext): string | Promise<string>;
  /** What the audit trail records of a successful state change (every POST, PUT and DELETE but sign-in has one). */
  audit?: RouteAudit<RouteInput<z.output<Body>, z.output<Query>>>;
  /**
   * Sign-in, refresh and sign-out: a POST without an Idempotency-Key whose answer is never stored
   * (it carries tokens), limited per client IP at RATE_LIMIT_AUTH_PER_MINUTE. Every other POST needs the key.
   */
  signIn?: true;
  /**
   * What the idempotency store keeps for replays, when the answer carries a secret that must not
   * be stored (a private key): a replay then answers this instead of the first result.
   */
  storedForReplay?(result: unknown): unknown;
  /** The call may wait on a payment terminal (a card payment or refund): it gets a longer broker timeout. */
  waitsOnTerminal?: boolean;
  /** What a 204 route's call resolves to is not sent. */
  call(input: RouteInput<z.output<Body>, z.output<Query>>, ctx: RouteContext): Promise<unknown>;
}

export interface RouteAudit<Input> {
  /** e.g. `transaction.complete`. */
  action: string;
  /** The entity changed, from the request and the answer. */
  entity(input: Input, result: unknown): { type: string; id: string };
  /** The entity as it was, read before the change (updates and deletes). */
  before?(input: Input, ctx: RouteContext): Promise<unknown>;
  /** What the answer does not show but the trail must: who approved an override. */
  details?(input: Input, ctx: RouteContext): Record<string, unknown>;
}

/** Sign-in, refresh and sign-out, for the routes under `/auth`. */
export interface IdentityPort {
  login(request: auth.LoginRequest): Promise<auth.TokenResponse>;
  refresh(refreshToken: string): Promise<auth.TokenResponse>;
  logout(refreshToken: string): Promise<void>;
}

/** What a route's call works with: broker calls on behalf of the signed-in user. */
export interface RouteContext {
  /** The signed-in user; null on public routes. */
  readonly actor: auth.Actor | null;
  /** Who approves what needs approval (a discount above the threshold), when someone may (AccessGuard.approver). */
  readonly approver: string | undefined;
  /** A broker call carrying the user (`meta.actor`), with the route's timeout. */
  call<T = unknown>(action: string, params: object): Promise<T>;
  /** For clients that are not broker calls (gRPC), which find their servers through it. */
  readonly broker: ServiceBroker;
  readonly identity: IdentityPort;
  readonly transactionTerminals: TransactionTerminals;
}

/** The id of what a call created, for its audit entry. */
export const idOf = (result: unknown): string => (result as { id: string }).id;

/** A `limit` query parameter: 1-3 digits, then the limit the action's own schema allows. */
export function limitQuery(limit: z.ZodType<number, number>) {
  return z.string().regex(/^[0-9]{1,3}$/, 'a whole number from 1 to 500').transform(Number).pipe(limit).optional();
}

export function defineRoute<Body extends z.ZodType, Query extends z.ZodType>(route: Route<Body, Query>): Route {
  return route as unknown as Route;
}
