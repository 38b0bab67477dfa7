export { runningTelemetry, startTelemetry, spanRing, type Telemetry } from './start-telemetry';
export { SpanRing, type SpanRecord } from './span-ring';
export { tracingMiddleware, TRACE_META_KEY } from './tracing.middleware';
