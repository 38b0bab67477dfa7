import type {
  handleServerStreamingCall,
  handleUnaryCall,
  Metadata,
  ServiceDefinition,
  StatusObject,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('tillwire.grpc');

/**
 * Opens a CLIENT span for a call and puts the W3C trace context into its metadata, so the server's
 * span joins the caller's trace (one trace per checkout, across the broker and gRPC).
 */
export function withClientSpan<T>(path: string, metadata: Metadata, call: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(path, { kind: SpanKind.CLIENT, attributes: rpcAttributes(path) });
  const active = trace.setSpan(context.active(), span);
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  for (const [key, value] of Object.entries(carrier)) metadata.set(key, value);
  return context.with(active, async () => {
    try {
      return await call();
    } catch (error) {
      failed(span, error as Partial<StatusObject> & Error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The implementation with each method run in a SERVER span whose parent is the caller's trace. */
export function tracedImplementation(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): UntypedServiceImplementation {
  const traced: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = implementation[name];
    if (!handler) continue;
    if (method.requestStream) traced[name] = handler;
    else if (method.responseStream) traced[name] = serverStreaming(method.path, handler as handleServerStreamingCall<unknown, unknown>);
    else traced[name] = unary(method.path, handler as handleUnaryCall<unknown, unknown>);
  }
  return traced;
}

function unary(path: string, handler: handleUnaryCall<unknown, unknown>): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const { span, active } = serverSpan(path, call.metadata);
    context.with(active, () =>
      handler(call, (error, ...rest) => {
        if (error) failed(span, error);
        span.end();
        callback(error, ...rest);
      }),
    );
  };
}

function serverStreaming(path: string, handler: handleServerStreamingCall<unknown, unknown>): handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const { span, active } = serverSpan(path, call.metadata);
    const end = () => span.end();
    call.once('finish', end);
    call.once('cancelled', end);
    call.once('error', (error: Error) => failed(span, error));
    context.with(active, () => handler(call));
  };
}

function serverSpan(path: string, metadata: Metadata): { span: Span; active: ReturnType<typeof context.active> } {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) if (typeof value === 'string') carrier[key] = value;
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer.startSpan(path, { kind: SpanKind.SERVER, attributes: rpcAttributes(path) }, parent);
  return { span, active: trace.setSpan(parent, span) };
}

function rpcAttributes(path: string): Record<string, string> {
  const [, service = '', method = ''] = path.split('/');
  return { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method };
}

function failed(span: Span, error: Partial<StatusObject> & { message?: string }): void {
  if (typeof error.code === 'number') span.setAttribute('rpc.grpc.status_code', error.code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.details ?? error.message ?? 'failed' });
}
