import { SpanKind, trace, type Link } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Context, ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createBroker } from '../broker/create-broker';
import { parseConfig } from '../config/config';
import { spanRing, startTelemetry, type Telemetry } from './start-telemetry';

/** What a channel handler saw of the span it ran in. */
interface Seen {
  traceId: string | undefined;
  spanId: string | undefined;
  links: Link[];
  /** The headers the message arrived with (the in-process adapter hands them over as they were sent). */
  headers: Record<string, string> | undefined;
}

let telemetry: Telemetry;
let broker: ServiceBroker;
const seen = new Map<string, Seen>();

const send = (channel: string, payload: object, headers?: Record<string, string>) =>
  (broker as unknown as { sendToChannel(c: string, p: unknown, o?: object): Promise<void> }).sendToChannel(
    channel,
    payload,
    headers ? { headers } : undefined,
  );

beforeAll(async () => {
  telemetry = startTelemetry(parseConfig({}), 'channel-tracing-test');
  broker = createBroker(parseConfig({ LOG_LEVEL: 'error' }), { role: 'channel-tracing-test' });
  broker.createService({
    name: 'channel_probe',
    channels: {
      'probe.sold': {
        context: true,
        async handler(ctx: Context<{ orderId: string }>, raw: { headers?: Record<string, string> }) {
          const span = trace.getActiveSpan();
          // The SDK's span keeps its links; the API does not expose them.
          const links = (span as unknown as ReadableSpan | undefined)?.links ?? [];
          seen.set(ctx.params.orderId, { traceId: span?.spanContext().traceId, spanId: span?.spanContext().spanId, links, headers: raw.headers });
          await ctx.call('channel_probe.lookup', { terminalId: 'T9' });
        },
      },
    },
    actions: { lookup: () => 'found' },
  });
  await broker.start();
});

afterAll(async () => {
  await broker?.stop();
  await telemetry?.shutdown();
});

it('sends a message in a PRODUCER span of the active trace and handles it in a CONSUMER span under it, linked to it', async () => {
  const root = await trace.getTracer('tillwire.test').startActiveSpan('checkout', async (span) => {
    await send('probe.sold', { orderId: 'o-1', transactionId: 'tx-1', terminalId: 'T9', departmentCode: 'GROCERY' });
    span.end();
    return span.spanContext();
  });
  const spans = await vi.waitFor(() => {
    const recorded = spanRing()!.trace(root.traceId);
    // The handler's span ends once its lookup has.
    expect(recorded.map((s) => s.name)).toEqual(expect.arrayContaining(['channel_probe.lookup', 'process probe.sold']));
    return recorded;
  });

  const producer = spans.find((s) => s.name === 'send probe.sold');
  const consumer = spans.find((s) => s.name === 'process probe.sold');
  expect(producer).toMatchObject({
    kind: SpanKind.PRODUCER,
    parentSpanId: root.spanId,
    attributes: { 'messaging.system': 'moleculer', 'messaging.destination.name': 'probe.sold', 'messaging.operation.type': 'send' },
  });
  expect(consumer).toMatchObject({
    kind: SpanKind.CONSUMER,
    parentSpanId: producer!.spanId,
    attributes: {
      'messaging.system': 'moleculer',
      'messaging.destination.name': 'probe.sold',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': 'channel_probe',
      'tillwire.transaction.id': 'tx-1',
      'tillwire.terminal.id': 'T9',
      'tillwire.department.code': 'GROCERY',
    },
  });
  expect(seen.get('o-1')).toMatchObject({ traceId: root.traceId, spanId: consumer!.spanId });
  expect(seen.get('o-1')!.links.map((link) => link.context.spanId)).toEqual([producer!.spanId]);
  expect(seen.get('o-1')!.headers?.traceparent).toBe(`00-${root.traceId}-${producer!.spanId}-01`);
  // What the handler calls is part of the same trace, under the consumer.
  expect(spans.find((s) => s.name === 'channel_probe.lookup')?.parentSpanId).toBe(consumer!.spanId);
  // The in-process adapter's own event is plumbing, not a span of the trace.
  expect(spans.filter((s) => s.name.startsWith('channels.'))).toEqual([]);
});

it('continues the trace a message names in its headers (a relayed outbox event) instead of the active one', async () => {
  const traceId = 'a'.repeat(31) + '1';
  const origin = 'b'.repeat(15) + '2';
  await trace.getTracer('tillwire.test').startActiveSpan('relay tick', async (span) => {
    await send('probe.sold', { orderId: 'o-2' }, { traceparent: `00-${traceId}-${origin}-01`, 'x-kept': 'yes' });
    span.end();
  });
  const spans = await vi.waitFor(() => {
    const recorded = spanRing()!.trace(traceId);
    expect(recorded.map((s) => s.name)).toContain('process probe.sold');
    return recorded;
  });
  const producer = spans.find((s) => s.name === 'send probe.sold');
  expect(producer?.parentSpanId).toBe(origin);
  expect(spans.find((s) => s.name === 'process probe.sold')?.parentSpanId).toBe(producer!.spanId);
  expect(seen.get('o-2')!.headers).toEqual({ traceparent: `00-${traceId}-${producer!.spanId}-01`, 'x-kept': 'yes' });
});

it('sends a message outside any trace untouched; its handling starts a trace of its own, with no link', async () => {
  await send('probe.sold', { orderId: 'o-3' });
  const consumer = await vi.waitFor(() => {
    const recorded = spanRing()!.trace(seen.get('o-3')?.traceId ?? '').find((s) => s.name === 'process probe.sold');
    expect(recorded).toBeDefined();
    return recorded;
  });
  expect(consumer).toMatchObject({ kind: SpanKind.CONSUMER, parentSpanId: undefined });
  expect(seen.get('o-3')!.links).toEqual([]);
  expect(seen.get('o-3')!.headers).toBeUndefined();
});
