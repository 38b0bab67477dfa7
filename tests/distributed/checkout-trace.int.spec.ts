import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { createBroker, parseConfig, SERVICE_NAMES, type ServiceName } from '@tillwire/platform';
import { TRACE_SPANS_SERVICE, TraceSpansActions, type SpanRecord } from '@tillwire/platform/telemetry';
import type { ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoStore } from '../../libs/platform/src/runner/seed';
import { createTestDatabase, type TestDatabase } from '../../libs/platform/src/testing/index';
import { ADMIN_TOKEN } from '../checkout/checkout-api';
import { readHealth } from '../platform/platform-health';
import { CLI, freePort, runTs, stop, waitFor, type RunningProcess } from '../support/processes';
import { deleteNamespaceStreams, distributedEnv, uniqueNamespace } from './distributed-env';

/**
 * One card checkout on the distributed platform, every service its own OS process on NATS, each
 * keeping its spans in its own ring: the request's one trace holds the API, every broker hop, the
 * SQL, the gRPC calls, the terminal's commands and the outbox's consumers, and no span in it has a
 * parent that was recorded nowhere but the caller's (the "browser" the test plays).
 */

// Seven Node processes on two cores: starting them takes a while.
const START_TIMEOUT_MS = 150_000;

/** A span as one node's ring answered it, with the service that node runs. */
type NodeSpan = SpanRecord & { service: ServiceName };

const namespace = uniqueNamespace();
const nodeId = (service: ServiceName) => `${namespace}-${service}`;
let database: TestDatabase;
let dataDir: string;
let nodes: Array<{ service: ServiceName; running: RunningProcess }> = [];
let broker: ServiceBroker;
let api: string;

const output = () => nodes.map(({ service, running }) => `--- ${service}\n${running.output()}`).join('\n');

beforeAll(async () => {
  database = await createTestDatabase('tw_trace');
  await seedDemoStore(database.db, { info: () => undefined });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tw-trace-'));
  const apiPort = await freePort();
  const loyaltyPort = await freePort();
  const reportsPort = await freePort();
  api = `http://127.0.0.1:${apiPort}`;
  const env = distributedEnv(namespace, {
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '3',
    TILLWIRE_DATA_DIR: dataDir,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    LOYALTY_GRPC_PORT: String(loyaltyPort),
    LOYALTY_GRPC_URL: `127.0.0.1:${loyaltyPort}`,
    REPORTS_GRPC_PORT: String(reportsPort),
    REPORTS_GRPC_URL: `127.0.0.1:${reportsPort}`,
    // The demo store's terminals, simulated and connected over mTLS by the terminals node.
    TERMINAL_SIMULATORS: 'on',
    RECONCILIATION_TIME: 'off',
  });
  // As `npm run start:distributed` runs them: `tillwire node` per service, each with its own span ring.
  nodes = SERVICE_NAMES.map((service) => ({
    service,
    running: runTs(CLI, ['node', '--services', service, '--node-id', nodeId(service)], env),
  }));
  // The test's own node, to ask each of them for its spans.
  broker = createBroker(parseConfig(distributedEnv(namespace)), { role: 'checkout-trace-test' });
  await broker.start();
  const exited = new Promise<never>((_, reject) => {
    for (const { service, running } of nodes) void running.exited.then((code) => reject(new Error(`The ${service} node exited with ${code}\n${output()}`)));
  });
  // Once started, a node exits only when the test stops it.
  exited.catch(() => undefined);
  const ready = async () => {
    await waitFor(async () => ((await readHealth(apiPort)).status === 'ok' ? true : undefined), START_TIMEOUT_MS, output);
    await waitFor(async () => (ringNodes().length === SERVICE_NAMES.length ? true : undefined), 30_000, output);
    // Its simulated terminal is connected: the card can be taken.
    await waitFor(async () => ((await get('/pos/terminals/T1')).status === 'online' ? true : undefined), 30_000, output);
  };
  await Promise.race([ready(), exited]);
}, START_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await Promise.all(nodes.map(({ running }) => stop(running)));
  await broker?.stop();
  await deleteNamespaceStreams(namespace);
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('follows a card checkout through every process in one trace without a span whose parent is missing', async () => {
  // The browser's span: the parent of both requests, recorded nowhere the platform can see.
  const traceId = randomBytes(16).toString('hex');
  const browserSpanId = randomBytes(8).toString('hex');
  const traceparent = `00-${traceId}-${browserSpanId}-01`;

  const created = await post('/pos/transactions', { terminalId: 'T1', customerId: 'C-1001', lines: [{ sku: 'GRO-001', quantity: 2 }] }, traceparent);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id: transactionId, totals } = created.body as { id: string; totals: { totalMinor: number } };
  // Part in points (a gRPC call to loyalty), the rest by card on the terminal; a round card amount, never a decline (…51).
  const pointsMinor = totals.totalMinor % 100 || 100;
  const payments = [
    { method: 'points', amountMinor: pointsMinor },
    { method: 'card', amountMinor: totals.totalMinor - pointsMinor },
  ];
  const completed = await post(`/pos/transactions/${transactionId}/complete`, { payments }, traceparent);
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  expect(completed.body).toMatchObject({ status: 'completed' });

  const span = (service: ServiceName, test: (s: NodeSpan) => boolean) => (spans: NodeSpan[]) =>
    spans.find((s) => s.service === service && test(s));
  const named = (name: string, kind: SpanKind) => (s: NodeSpan) => s.name === name && s.kind === kind;
  const sql = (s: NodeSpan) => s.attributes['db.system.name'] === 'postgresql';
  const consumed = (s: NodeSpan) => named('process transactions.completed', SpanKind.CONSUMER)(s) && s.attributes['tillwire.transaction.id'] === transactionId;
  const expected = {
    reserveRequest: span('api', named('POST /pos/transactions', SpanKind.SERVER)),
    completeRequest: span('api', named('POST /pos/transactions/:id/complete', SpanKind.SERVER)),
    create: span('transactions', named('transactions.create', SpanKind.SERVER)),
    complete: span('transactions', named('transactions.complete', SpanKind.SERVER)),
    inventory: span('inventory', (s) => s.name.startsWith('inventory.') && s.kind === SpanKind.SERVER),
    departments: span('departments', (s) => s.name.startsWith('departments.') && s.kind === SpanKind.SERVER),
    pay: span('terminals', named('terminals.pay', SpanKind.SERVER)),
    payCommand: span('terminals', named('simulator pay', SpanKind.CLIENT)),
    printCommand: span('terminals', named('simulator print', SpanKind.CLIENT)),
    redeemCall: span('transactions', named('/loyalty.v1.LoyaltyService/Redeem', SpanKind.CLIENT)),
    redeemServed: span('loyalty', named('/loyalty.v1.LoyaltyService/Redeem', SpanKind.SERVER)),
    relayed: span('transactions', named('send transactions.completed', SpanKind.PRODUCER)),
    accrual: span('loyalty', consumed),
    projection: span('reports', consumed),
    receipt: span('terminals', consumed),
    ...Object.fromEntries(
      (['transactions', 'inventory', 'departments', 'terminals', 'loyalty', 'reports'] as const).map((service) => [`${service}Sql`, span(service, sql)]),
    ),
  };
  const missing = (spans: NodeSpan[]) => Object.entries(expected).filter(([, find]) => !find(spans)).map(([label]) => label);
  const known = (spans: NodeSpan[]) => new Set([browserSpanId, ...spans.map((s) => s.spanId)]);
  const orphans = (spans: NodeSpan[]) => spans.filter((s) => !s.parentSpanId || !known(spans).has(s.parentSpanId));

  // Rings receive spans as they end, and the outbox's consumers run after the answer: wait for the last ones.
  let last: NodeSpan[] = [];
  const spans = await waitFor(
    async () => {
      last = await traceSpans(traceId);
      return missing(last).length === 0 && orphans(last).length === 0 ? last : undefined;
    },
    30_000,
    () => `missing ${JSON.stringify(missing(last))}; orphans ${JSON.stringify(orphans(last).map(brief))}\n${last.map(brief).join('\n')}`,
  );

  expect(spans.every((s) => s.traceId === traceId)).toBe(true);
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(SERVICE_NAMES));
  const found = Object.fromEntries(Object.entries(expected).map(([label, find]) => [label, find(spans)!]));
  expect(found.reserveRequest!.parentSpanId).toBe(browserSpanId);
  expect(found.completeRequest!.parentSpanId).toBe(browserSpanId);
  expect(found.payCommand!.attributes).toMatchObject({
    'tillwire.terminal.id': 'T1',
    'tillwire.transaction.id': transactionId,
    'tillwire.terminal.vendor': 'simulator',
    'tillwire.terminal.command.outcome': 'approved',
  });
  expect(found.printCommand!.attributes).toMatchObject({ 'tillwire.terminal.id': 'T1', 'tillwire.terminal.command.outcome': 'printed' });
  expect(found.pay!.attributes).toMatchObject({ 'tillwire.transaction.id': transactionId, 'tillwire.terminal.id': 'T1' });
  for (const consumer of [found.accrual!, found.projection!, found.receipt!]) {
    expect(consumer.parentSpanId).toBe(found.relayed!.spanId);
    expect(consumer.attributes).toMatchObject({ 'messaging.system': 'nats', 'tillwire.department.code': 'GROCERY', 'tillwire.terminal.id': 'T1' });
  }
  expect(orphans(spans)).toEqual([]);
});

/** This trace's spans from every node's ring, each with the service the node runs. */
async function traceSpans(traceId: string): Promise<NodeSpan[]> {
  const shares = await Promise.all(
    SERVICE_NAMES.map(async (service) => {
      const spans = await broker.call<SpanRecord[], { traceId: string }>(TraceSpansActions.spans, { traceId }, { nodeID: nodeId(service) });
      return spans.map((s) => ({ ...s, service }));
    }),
  );
  return shares.flat();
}

/** The nodes that answer for their span rings. */
function ringNodes(): string[] {
  // Moleculer's typings describe the list as schemas; its entries are the registry's service records.
  const services = broker.registry.getServiceList({ onlyAvailable: true }) as unknown as Array<{ name: string; nodeID: string }>;
  return services.filter((s) => s.name === TRACE_SPANS_SERVICE).map((s) => s.nodeID);
}

const brief = (s: NodeSpan) => `${s.service} ${s.name} ${s.spanId} <- ${s.parentSpanId ?? '-'}`;

async function get(pathname: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${api}${pathname}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await response.json()) as Record<string, unknown>;
}

async function post(pathname: string, body: unknown, traceparent: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api}${pathname}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': randomUUID(),
      traceparent,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
