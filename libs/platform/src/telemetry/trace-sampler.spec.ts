import { randomBytes } from 'node:crypto';
import { context, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { traceSampler } from './trace-sampler';

const traceIds = Array.from({ length: 2_000 }, () => randomBytes(16).toString('hex'));

/** The context of a caller's span, as a `traceparent` it sent would give. */
const remoteParent = (traceId: string, sampled: boolean) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: randomBytes(8).toString('hex'),
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });

const recorded = (ratio: number, traceId: string, parent = ROOT_CONTEXT) =>
  traceSampler(ratio).shouldSample(parent, traceId, 'POST /pos/transactions', SpanKind.SERVER, {}, []).decision ===
  SamplingDecision.RECORD_AND_SAMPLED;

describe('traceSampler', () => {
  it('records every trace at 1 and none at 0, whatever the caller asked', () => {
    for (const traceId of traceIds.slice(0, 50)) {
      expect(recorded(1, traceId, remoteParent(traceId, false))).toBe(true);
      expect(recorded(0, traceId, remoteParent(traceId, true))).toBe(false);
    }
  });

  it('records about its share of traces, and the same ones on every node', () => {
    const chosen = traceIds.filter((traceId) => recorded(0.1, traceId));
    expect(chosen.length).toBeGreaterThan(100);
    expect(chosen.length).toBeLessThan(300);
    // Another node, reached with the trace's context in a message, decides the same for each trace.
    for (const traceId of traceIds) expect(recorded(0.1, traceId, remoteParent(traceId, true))).toBe(chosen.includes(traceId));
  });

  it('keeps a local child with its parent', () => {
    const [traceId] = traceIds;
    const parent = trace.setSpanContext(context.active(), { traceId: traceId!, spanId: 'a'.repeat(16), traceFlags: TraceFlags.SAMPLED });
    expect(recorded(0, traceId!, parent)).toBe(true);
  });
});
