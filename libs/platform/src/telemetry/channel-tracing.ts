import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Attributes,
  type Context as OtelContext,
} from '@opentelemetry/api';
import { domainAttributes } from './domain-attributes';
import { endSpanAfter } from './span-end';

export type MessageHeaders = Record<string, string>;

/** Where channel messages travel: `nats` for JetStream, `moleculer` for the in-process adapter. */
export interface ChannelTracing {
  readonly system: string;
  readonly nodeId: string;
}

const tracer = trace.getTracer('tillwire.channels');

/** The headers of a message that carry its W3C trace context. */
const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/**
 * Sends a channel message in a PRODUCER span (`send <channel>`) and puts that span's context into the
 * message headers. The span continues the trace the headers already name, so an outbox event relayed
 * long after its change joins the change's trace; otherwise the active trace. Outside any trace the
 * message leaves untouched.
 */
export function tracedSend<T>(
  tracing: ChannelTracing,
  channel: string,
  payload: unknown,
  headers: MessageHeaders | undefined,
  send: (headers: MessageHeaders | undefined) => Promise<T>,
): Promise<T> {
  const parent = headers?.traceparent ? propagation.extract(ROOT_CONTEXT, headers) : context.active();
  if (!trace.getSpanContext(parent)) return send(headers);
  const span = tracer.startSpan(
    `send ${channel}`,
    { kind: SpanKind.PRODUCER, attributes: messagingAttributes(tracing, channel, 'send', payload) },
    parent,
  );
  const active = trace.setSpan(parent, span);
  const carried: MessageHeaders = { ...headers };
  for (const key of TRACE_HEADERS) delete carried[key];
  propagation.inject(active, carried);
  return context.with(active, () => endSpanAfter(span, () => send(carried)));
}

/**
 * Handles a channel message in a CONSUMER span (`process <channel>`). As OpenTelemetry's messaging
 * conventions allow for a message processed on its own, the span is a child of the context the message
 * carries, so the consumer is part of the originating trace, and it links to that context too, which
 * keeps the relation where a backend shows links only. A message without one starts a trace.
 */
export function tracedProcess<T>(
  tracing: ChannelTracing,
  channel: string,
  group: string | undefined,
  payload: unknown,
  headers: MessageHeaders | null | undefined,
  process: () => Promise<T>,
): Promise<T> {
  const origin: OtelContext = headers?.traceparent ? propagation.extract(ROOT_CONTEXT, headers) : ROOT_CONTEXT;
  const originSpan = trace.getSpanContext(origin);
  const span = tracer.startSpan(
    `process ${channel}`,
    {
      kind: SpanKind.CONSUMER,
      links: originSpan ? [{ context: originSpan }] : [],
      attributes: {
        ...messagingAttributes(tracing, channel, 'process', payload),
        ...(group === undefined ? {} : { 'messaging.consumer.group.name': group }),
      },
    },
    origin,
  );
  return context.with(trace.setSpan(origin, span), () => endSpanAfter(span, process));
}

function messagingAttributes(tracing: ChannelTracing, channel: string, operation: 'send' | 'process', payload: unknown): Attributes {
  return {
    'messaging.system': tracing.system,
    'messaging.destination.name': channel,
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'moleculer.node_id': tracing.nodeId,
    ...domainAttributes(payload),
  };
}
