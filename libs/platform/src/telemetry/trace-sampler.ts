import { ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace-base';

/**
 * Records `ratio` of traces, chosen by trace id: every node comes to the same answer for a trace, so
 * a recorded checkout is recorded whole across the API, the services and the outbox consumers. A
 * remote parent's sampled flag decides nothing: any caller of the public API can send one, and
 * would otherwise choose what the platform spends on tracing.
 */
export function traceSampler(ratio: number): Sampler {
  const byTraceId = new TraceIdRatioBasedSampler(ratio);
  return new ParentBasedSampler({ root: byTraceId, remoteParentSampled: byTraceId, remoteParentNotSampled: byTraceId });
}
