import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { instrumentsOf } from '@tillwire/platform/telemetry';
import type { Route } from './route';

type Handler<Req> = (req: Req, res: ServerResponse) => Promise<void>;

const tracer = trace.getTracer('tillwire.api');
/** The two requests a cashier waits on: reserving the basket and paying for it. */
const CHECKOUT_STEPS: Readonly<Record<string, string>> = { createTransaction: 'reserve', completeTransaction: 'complete' };

const instruments = instrumentsOf('tillwire.api', (meter) => ({
    duration: meter.createHistogram('http.server.request.duration', {
      description: 'Duration of HTTP server requests',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
    }),
    checkout: meter.createHistogram('tillwire.checkout.duration', {
      description: 'Checkout latency at the public API, by step (reserve, complete), including the terminal for card payments',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] },
    }),
}));

/**
 * One server span per request, continuing the caller's trace (its W3C `traceparent`, which the web apps'
 * proxy passes on) so a checkout is one trace from the edge to the terminal, and the request's duration
 * by route and status.
 */
export function withRequestTelemetry<Req extends IncomingMessage | { headers: IncomingMessage['headers']; url?: string }>(
  route: Route,
  handler: Handler<Req>,
): Handler<Req> {
  const step = CHECKOUT_STEPS[route.id];
  return async (req, res) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      `${route.method} ${route.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': route.method, 'http.route': route.path, 'url.path': (req.url ?? '').split('?')[0] },
      },
      parent,
    );
    const started = performance.now();
    try {
      await context.with(trace.setSpan(parent, span), () => handler(req, res));
    } catch (error) {
      span.recordException(error as Error);
      throw error;
    } finally {
      const status = res.statusCode;
      const seconds = (performance.now() - started) / 1000;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      const { duration, checkout } = instruments();
      duration.record(seconds, { 'http.request.method': route.method, 'http.route': route.path, 'http.response.status_code': status });
      if (step) checkout.record(seconds, { 'tillwire.checkout.step': step, 'http.response.status_code': status });
    }
  };
}
