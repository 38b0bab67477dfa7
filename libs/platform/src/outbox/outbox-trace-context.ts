import { context, propagation, trace } from '@opentelemetry/api';

/** The W3C trace context of an outbox event: `traceparent`, and `tracestate` when the trace has one. */
export type OutboxTraceContext = Readonly<Record<string, string>>;

/**
 * The active span's trace context, to store in the outbox row written with a change (null outside a
 * trace). The relay sends it in the message headers, so the event's consumers join the trace of the
 * change that wrote it, however long after it commits.
 */
export function outboxTraceContext(): OutboxTraceContext | null {
  const active = context.active();
  if (!trace.getSpanContext(active)) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  if (!carrier.traceparent) return null;
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}
