import { randomUUID } from 'node:crypto';
import { SpanKind, trace } from '@opentelemetry/api';
import type { Context, ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createBroker } from '../broker/create-broker';
import { parseConfig } from '../config/config';
import { spanRing, startTelemetry, type Telemetry } from '../telemetry/start-telemetry';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { OutboxRelay, type ChannelSender } from './outbox-relay';
import { outboxTraceContext, type OutboxTraceContext } from './outbox-trace-context';

const CHANNEL = 'outbox_probe.completed';

let telemetry: Telemetry;
let database: TestDatabase;
let broker: ServiceBroker;
let relay: OutboxRelay;
/** The trace each handled event ran in, by transaction id. */
const handled = new Map<string, string | undefined>();

beforeAll(async () => {
  telemetry = startTelemetry(parseConfig({}), 'outbox-relay-test');
  database = await createTestDatabase('tw_outbox');
  broker = createBroker(parseConfig({ LOG_LEVEL: 'error' }), { role: 'outbox-relay-test' });
  broker.createService({
    name: 'outbox_probe',
    channels: {
      [CHANNEL]: {
        context: true,
        async handler(ctx: Context<{ transactionId: string }>) {
          handled.set(ctx.params.transactionId, trace.getActiveSpan()?.spanContext().traceId);
        },
      },
    },
  });
  await broker.start();
  relay = new OutboxRelay(database.db.sql, broker as unknown as ChannelSender);
});

afterAll(async () => {
  await broker?.stop();
  await database?.drop();
  await telemetry?.shutdown();
});

/** An event written as a service writes one: with the trace context of whatever is active. */
async function writeEvent(transactionId: string): Promise<void> {
  const traceContext = outboxTraceContext();
  await database.db.sql.execute(
    `INSERT INTO platform.outbox (channel, aggregate_type, aggregate_id, payload, trace_context)
     VALUES ($1, 'transaction', $2, $3::jsonb, $4::jsonb)`,
    [CHANNEL, transactionId, JSON.stringify({ transactionId }), traceContext ? JSON.stringify(traceContext) : null],
  );
}

it("relays an event into the trace of the change that wrote it, however long after the change's span ended", async () => {
  const transactionId = randomUUID();
  const change = await trace.getTracer('tillwire.test').startActiveSpan('complete checkout', async (span) => {
    await writeEvent(transactionId);
    span.end();
    return span.spanContext();
  });
  const [stored] = await database.db.sql.query<{ traceContext: OutboxTraceContext | null }>(
    `SELECT trace_context AS "traceContext" FROM platform.outbox WHERE aggregate_id = $1`,
    [transactionId],
  );
  expect(stored?.traceContext).toEqual({ traceparent: `00-${change.traceId}-${change.spanId}-01` });

  // The relay runs on its own timer, outside any trace.
  expect(await relay.drain()).toBe(1);
  await vi.waitFor(() => expect(handled.get(transactionId)).toBe(change.traceId));
  const spans = await vi.waitFor(() => {
    const recorded = spanRing()!.trace(change.traceId);
    expect(recorded.map((s) => s.name)).toContain(`process ${CHANNEL}`);
    return recorded;
  });
  const send = spans.find((s) => s.name === `send ${CHANNEL}`);
  expect(send).toMatchObject({ kind: SpanKind.PRODUCER, parentSpanId: change.spanId });
  expect(spans.find((s) => s.name === `process ${CHANNEL}`)).toMatchObject({
    kind: SpanKind.CONSUMER,
    parentSpanId: send!.spanId,
    attributes: { 'tillwire.transaction.id': transactionId },
  });
  // The relay's own statements are no part of the checkout's trace.
  expect(spans.filter((s) => s.attributes['db.system.name'] === 'postgresql').map((s) => s.parentSpanId)).toEqual([change.spanId]);
});

it('keeps no trace context for an event written outside a trace', async () => {
  const transactionId = randomUUID();
  await writeEvent(transactionId);
  const [stored] = await database.db.sql.query<{ traceContext: unknown }>(
    `SELECT trace_context AS "traceContext" FROM platform.outbox WHERE aggregate_id = $1`,
    [transactionId],
  );
  expect(stored?.traceContext).toBeNull();
  expect(await relay.drain()).toBe(1);
  await vi.waitFor(() => expect(handled.has(transactionId)).toBe(true));
});
