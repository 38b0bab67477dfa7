export { runningTelemetry, startTelemetry, spanRing, type Telemetry } from './start-telemetry';
export { SpanRing, type SpanRecord } from './span-ring';
export { tracingMiddleware, TRACE_META_KEY } from './tracing.middleware';
export { spansOf, traceSpansParams, traceSpansService, TraceSpansActions, TRACE_SPANS_SERVICE, type TraceSpansParams } from './trace-spans.service';
export { instrumentsOf } from './meter-instruments';
