import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroker } from '../broker/create-broker';
import { parseConfig } from '../config/config';
import { SpanRing, type SpanRecord } from './span-ring';
import { spansOf, traceSpansService, TraceSpansActions } from './trace-spans.service';

const ring = new SpanRing(100, 'tillwire');
const tracer = new BasicTracerProvider({ spanProcessors: [ring] }).getTracer('test');
const broker = createBroker(parseConfig({ LOG_LEVEL: 'fatal' }), { role: 'trace-spans-test' });

/** A finished trace: a root and a child, the child carrying `attributes`; answers its trace id. */
function recordTrace(attributes: Record<string, string>): string {
  const root = tracer.startSpan('root');
  const child = tracer.startSpan('child', { attributes }, trace.setSpan(ROOT_CONTEXT, root));
  child.end();
  root.end();
  return root.spanContext().traceId;
}

beforeAll(async () => {
  broker.createService(traceSpansService(() => ring));
  await broker.start();
});
afterAll(() => broker.stop());

describe('telemetry.spans', () => {
  const sale = randomUUID();
  const create = recordTrace({ 'tillwire.transaction.id': sale });
  const complete = recordTrace({ 'tillwire.transaction.id': sale });
  const other = recordTrace({ 'tillwire.transaction.id': randomUUID() });

  it('answers the spans of a trace by its id', async () => {
    const spans = await broker.call<SpanRecord[], object>(TraceSpansActions.spans, { traceId: other });
    expect(spans.map((s) => [s.traceId, s.name, s.serviceName])).toEqual([
      [other, 'child', 'tillwire'],
      [other, 'root', 'tillwire'],
    ]);
  });

  it("answers every span of each trace one of whose spans names the transaction, the root's too", async () => {
    const spans = await broker.call<SpanRecord[], object>(TraceSpansActions.spans, { transactionId: sale });
    expect(spans.map((s) => [s.traceId, s.name])).toEqual([
      [create, 'child'],
      [create, 'root'],
      [complete, 'child'],
      [complete, 'root'],
    ]);
    expect(await broker.call(TraceSpansActions.spans, { transactionId: randomUUID() })).toEqual([]);
  });

  it('refuses a lookup by neither or both, or by a malformed id, as validation_failed', async () => {
    for (const params of [{}, { traceId: create, transactionId: sale }, { traceId: 'not-hex' }, { transactionId: 'T1' }]) {
      await expect(broker.call(TraceSpansActions.spans, params), JSON.stringify(params)).rejects.toMatchObject({ type: 'validation_failed' });
    }
  });

  it('finds nothing in a process that keeps no spans (they go over OTLP)', () => {
    expect(spansOf(undefined, { traceId: create })).toEqual([]);
  });
});
