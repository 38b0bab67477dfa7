import path from 'node:path';
import { SpanKind, trace } from '@opentelemetry/api';
import { createBroker, parseConfig } from '@tillwire/platform';
import { spanRing, startTelemetry, type SpanRecord, type Telemetry } from '@tillwire/platform/telemetry';
import type { ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTs, stop, waitFor, type RunningProcess } from '../support/processes';
import { uniqueName } from '../../libs/platform/src/testing/index';
import { distributedEnv, uniqueNamespace } from './distributed-env';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'trace-node.ts');

describe('one trace across two OS processes over NATS', () => {
  const namespace = uniqueNamespace();
  const childService = uniqueName('trace_child');
  let telemetry: Telemetry;
  let broker: ServiceBroker;
  let child: RunningProcess | undefined;

  beforeAll(async () => {
    const config = parseConfig(distributedEnv(namespace));
    telemetry = startTelemetry(config, 'trace-test');
    broker = createBroker(config, { role: 'trace-test' });
    broker.createService({
      name: uniqueName('trace_listener'),
      // The handler only has to exist: the tracing middleware records its span.
      events: { [`${childService}.pinged`]: () => undefined },
    });
    // Start first, so the child sees the listener when it joins.
    await broker.start();
    child = runTs(CHILD, [childService], distributedEnv(namespace));
    await broker.waitForServices(childService, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nchild output:\n${child?.output()}`);
    });
  });

  afterAll(async () => {
    if (child) await stop(child);
    await broker?.stop();
    await telemetry?.shutdown();
  });

  it('carries the caller trace into the remote action and back into the event it emits', async () => {
    const tracer = trace.getTracer('tillwire.test');
    const { root, childNode } = await tracer.startActiveSpan('checkout', async (span) => {
      try {
        const reply = await broker.call<{ pongFrom: string }, { orderId: string }>(`${childService}.ping`, {
          orderId: 'o-1',
        });
        return { root: span.spanContext(), childNode: reply.pongFrom };
      } finally {
        span.end();
      }
    });
    // The answer must come from the other process, or nothing crossed NATS.
    expect(childNode).not.toBe(broker.nodeID);

    const consumer = await waitFor(
      async () => spanRing()?.trace(root.traceId).find((s) => s.kind === SpanKind.CONSUMER),
      10_000,
      () => `no event span in trace ${root.traceId}; this process recorded ${JSON.stringify(spanRing()?.all())}`,
    );
    const remote = await broker.call<SpanRecord[], { traceId: string }>(`${childService}.spans`, {
      traceId: root.traceId,
    });
    const action = remote.find((s) => s.name === `${childService}.ping`);

    expect(action).toMatchObject({
      traceId: root.traceId,
      parentSpanId: root.spanId,
      kind: SpanKind.SERVER,
      attributes: { 'moleculer.node_id': childNode, 'moleculer.caller_node_id': broker.nodeID },
    });
    expect(consumer).toMatchObject({
      traceId: root.traceId,
      parentSpanId: action?.spanId,
      name: `${childService}.pinged process`,
      attributes: { 'moleculer.node_id': broker.nodeID },
    });
  });
});
