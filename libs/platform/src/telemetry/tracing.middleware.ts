import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Context as OtelContext,
} from '@opentelemetry/api';
import type { Context, Middleware, ServiceBroker } from 'moleculer';
import { tracedProcess, tracedSend, type ChannelTracing, type MessageHeaders } from './channel-tracing';
import { domainAttributes } from './domain-attributes';
import { endSpanAfter } from './span-end';

/** Key in the Moleculer packet meta that carries the W3C trace context across nodes. */
export const TRACE_META_KEY = '$trace';

type Carrier = Record<string, string>;
type Handler = (ctx: Context) => Promise<unknown>;
interface CallOptions {
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}
interface ChannelOptions {
  headers?: MessageHeaders;
  [key: string]: unknown;
}
type SendToChannel = (channel: string, payload: unknown, opts?: ChannelOptions) => Promise<unknown>;
type ChannelHandler = (message: unknown, raw: unknown) => Promise<unknown>;
/** What the channels middleware tells the hooks of a channel it subscribes. */
interface ChannelDefinition {
  name: string;
  group?: string;
  context?: boolean;
}
/** The part of the channels middleware's adapter (`broker.channelAdapter`) the hooks read. */
interface ChannelAdapter {
  parseMessageHeaders(raw: unknown): MessageHeaders | null | undefined;
}

export interface TracingOptions {
  /** `messaging.system` of channel spans: `nats` under JetStream, `moleculer` in process. */
  readonly messagingSystem: string;
}

const tracer = trace.getTracer('tillwire.moleculer');

/**
 * Opens a span per action and per event and carries the active trace context in the packet meta,
 * so one trace follows a request through every node it crosses, whatever the transporter. Durable
 * channel messages carry it in their headers: a PRODUCER span per message sent, a CONSUMER span per
 * message handled (channel-tracing.ts).
 */
export function tracingMiddleware(options: TracingOptions): Middleware {
  let broker: ServiceBroker;
  let channels: ChannelTracing;
  const withCarrier = (opts: CallOptions | undefined): CallOptions => ({
    ...opts,
    meta: { ...opts?.meta, [TRACE_META_KEY]: inject() },
  });
  const middleware = {
    name: 'OpenTelemetry',
    created(b: ServiceBroker) {
      broker = b;
      channels = { system: options.messagingSystem, nodeId: b.nodeID };
    },
    call(next: (name: string, params: unknown, opts?: CallOptions) => Promise<unknown>) {
      return (name: string, params: unknown, opts?: CallOptions) => next(name, params, withCarrier(opts));
    },
    emit(next: (event: string, payload: unknown, opts?: CallOptions) => Promise<void>) {
      return (event: string, payload: unknown, opts?: CallOptions) => next(event, payload, withCarrier(opts));
    },
    broadcast(next: (event: string, payload: unknown, opts?: CallOptions) => Promise<void>) {
      return (event: string, payload: unknown, opts?: CallOptions) => next(event, payload, withCarrier(opts));
    },
    localAction(next: Handler, action: { name: string; service?: { name: string } }) {
      return (ctx: Context) => {
        const remote = ctx.nodeID !== undefined && ctx.nodeID !== broker.nodeID;
        return traced(next, ctx, `${action.name}`, remote ? SpanKind.SERVER : SpanKind.INTERNAL, {
          'rpc.system': 'moleculer',
          'rpc.service': action.service?.name ?? action.name,
          'rpc.method': action.name.split('.').slice(1).join('.'),
          'moleculer.node_id': broker.nodeID,
          'moleculer.caller_node_id': ctx.nodeID ?? broker.nodeID,
          ...domainAttributes(ctx.params, action.service?.name),
        });
      };
    },
    localEvent(next: Handler, event: { name: string; service?: { name: string } }) {
      // The in-process channel adapter delivers through events of its own `$channel:…` services: the
      // channel's CONSUMER span stands for the message.
      if (event.service?.name.startsWith('$')) return next;
      return (ctx: Context) =>
        traced(next, ctx, `${event.name} process`, SpanKind.CONSUMER, {
          'messaging.system': 'moleculer',
          'messaging.operation.type': 'process',
          'messaging.destination.name': event.name,
          'moleculer.service': event.service?.name ?? '',
          'moleculer.node_id': broker.nodeID,
          ...domainAttributes(ctx.params),
        });
    },
    // The channels middleware wraps the `sendToChannel` it gives the broker with this hook.
    sendToChannel(next: SendToChannel): SendToChannel {
      return (channel, payload, opts) =>
        tracedSend(channels, channel, payload, opts?.headers, (headers) =>
          next(channel, payload, headers === opts?.headers ? opts : { ...opts, headers }),
        );
    },
    localChannel(next: ChannelHandler, channel: ChannelDefinition): ChannelHandler {
      // Subscribed under the namespace's prefix; spans name the channel as its senders do.
      const prefix = `${broker.namespace}.`;
      const name = broker.namespace && channel.name.startsWith(prefix) ? channel.name.slice(prefix.length) : channel.name;
      const adapter = (broker as unknown as { channelAdapter: ChannelAdapter }).channelAdapter;
      return (message, raw) => {
        const payload = channel.context ? (message as Context).params : message;
        const headers = raw === undefined || raw === null ? undefined : adapter.parseMessageHeaders(raw);
        return tracedProcess(channels, name, channel.group, payload, headers, () => next(message, raw));
      };
    },
  };
  return middleware as unknown as Middleware;
}

function traced(
  next: Handler,
  ctx: Context,
  name: string,
  kind: SpanKind,
  attributes: Record<string, string>,
): Promise<unknown> {
  const parent = extract(ctx);
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  return context.with(trace.setSpan(parent, span), () => endSpanAfter(span, () => next(ctx)));
}

function inject(): Carrier {
  const carrier: Carrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

function extract(ctx: Context): OtelContext {
  const carrier = (ctx.meta as Record<string, unknown> | undefined)?.[TRACE_META_KEY];
  if (carrier && typeof carrier === 'object') return propagation.extract(ROOT_CONTEXT, carrier);
  return context.active();
}
