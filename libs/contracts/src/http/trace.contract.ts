import { z } from 'zod';
import { uuid } from '../primitives';

/** OpenTelemetry's span kinds and status codes, by name. */
export const spanKind = z.enum(['internal', 'server', 'client', 'producer', 'consumer']);
export const spanStatus = z.enum(['unset', 'ok', 'error']);

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** An OpenTelemetry attribute value: a scalar or an array of them. */
export const spanAttributeValue = z.union([scalar, z.array(scalar.nullable())]);

/** One finished span as the admin trace view draws it. */
export const traceSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  /** null for a trace's first span, or one whose parent was recorded nowhere (a browser's). */
  parentSpanId: z.string().nullable(),
  name: z.string(),
  kind: spanKind,
  /** The Tillwire service it ran in (`api` for an HTTP request); a SQL statement or outgoing call is its caller's. */
  service: z.string(),
  /** The broker node whose process recorded it. */
  node: z.string(),
  /** Start, in milliseconds since the Unix epoch (fractions are sub-millisecond). */
  startMs: z.number(),
  durationMs: z.number().min(0),
  status: spanStatus,
  attributes: z.record(z.string(), spanAttributeValue),
});
export type TraceSpan = z.infer<typeof traceSpan>;

/** GET /admin/transactions/{id}/trace */
export const transactionTrace = z.object({
  transactionId: uuid,
  /**
   * `memory`: each process keeps its recent spans and these are the ones found; `otlp`: spans go to
   * the tracing backend (OTEL_EXPORTER_OTLP_ENDPOINT), none are kept here, `link` opens them there.
   */
  store: z.enum(['memory', 'otlp']),
  /** The traces that touched the transaction, earliest first; reads of it are left out. */
  traceIds: z.array(z.string()),
  /** Their spans, by start. */
  spans: z.array(traceSpan),
  /** Nodes that did not answer in time: their share of the spans is missing. */
  missingNodes: z.array(z.string()),
  /** The transaction's traces in the tracing backend (TRACE_VIEW_URL_TEMPLATE), when spans go there. */
  link: z.string().optional(),
});
export type TransactionTrace = z.infer<typeof transactionTrace>;
