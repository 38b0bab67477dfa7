import type { ServiceBroker } from 'moleculer';
import { z } from 'zod';

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
  /** Path parameters, validated before anything else (a POST's Idempotency-Key is claimed only for valid requests). */
  params?: z.ZodType<Record<string, string>>;
  body?: Body;
  query?: Query;
  /**
   * What the idempotency store keeps for replays, when the answer carries a secret that must not
   * be stored (a private key): a replay then answers this instead of the first result.
   */
  storedForReplay?(result: unknown): unknown;
  /** The call may wait on a payment terminal (a card payment or refund): it gets `CallOptions.timeout`. */
  waitsOnTerminal?: boolean;
  /** What a 204 route's call resolves to is not sent. */
  call(input: RouteInput<z.output<Body>, z.output<Query>>, broker: ServiceBroker, options: CallOptions): Promise<unknown>;
}

/** Broker call options a route passes on: a longer timeout for calls that wait on a terminal. */
export interface CallOptions {
  readonly timeout?: number;
}

/** A `limit` query parameter: 1-3 digits, then the limit the action's own schema allows. */
export function limitQuery(limit: z.ZodType<number, number>) {
  return z.string().regex(/^[0-9]{1,3}$/, 'a whole number from 1 to 500').transform(Number).pipe(limit).optional();
}

export function defineRoute<Body extends z.ZodType, Query extends z.ZodType>(route: Route<Body, Query>): Route {
  return route as unknown as Route;
}
