import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context as OtelContext,
} from '@opentelemetry/api';
import type { Context, Middleware, ServiceBroker } from 'moleculer';

/** Key in the Moleculer packet meta that carries the W3C trace context across nodes. */
export const TRACE_META_KEY = '$trace';

type Carrier = Record<string, string>;
type Handler = (ctx: Context) => Promise<unknown>;
interface CallOptions {
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}

const tracer = trace.getTracer('tillwire.moleculer');

/**
 * Opens a span per action and per event and carries the active trace context in the packet meta,
 * so one trace follows a request through every node it crosses, whatever the transporter.
 */
export function tracingMiddleware(): Middleware {
  let broker: ServiceBroker;
  const withCarrier = (opts: CallOptions | undefined): CallOptions => ({
    ...opts,
    meta: { ...opts?.meta, [TRACE_META_KEY]: inject() },
  });
  const middleware = {
    name: 'OpenTelemetry',
    created(b: ServiceBroker) {
      broker = b;
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
          ...domainAttributes(action.service?.name, ctx.params),
        });
      };
    },
    localEvent(next: Handler, event: { name: string; service?: { name: string } }) {
      return (ctx: Context) =>
        traced(next, ctx, `${event.name} process`, SpanKind.CONSUMER, {
          'messaging.system': 'moleculer',
          'messaging.operation.type': 'process',
          'messaging.destination.name': event.name,
          'moleculer.service': event.service?.name ?? '',
          'moleculer.node_id': broker.nodeID,
          ...domainAttributes(undefined, ctx.params),
        });
    },
  };
  return middleware as unknown as Middleware;
}

/** What a checkout is searched by: its transaction, terminal and department, where the params name them. */
function domainAttributes(service: string | undefined, params: unknown): Record<string, string> {
  if (params === null || typeof params !== 'object') return {};
  const p = params as Record<string, unknown>;
  const transactionId = p.transactionId ?? (service === 'transactions' ? p.id : undefined);
  const attributes: Record<string, string> = {};
  if (typeof transactionId === 'string') attributes['tillwire.transaction.id'] = transactionId;
  if (typeof p.terminalId === 'string') attributes['tillwire.terminal.id'] = p.terminalId;
  if (typeof p.departmentCode === 'string') attributes['tillwire.department.code'] = p.departmentCode;
  return attributes;
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
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await next(ctx);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
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
