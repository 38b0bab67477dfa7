import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, trace, type Context, type Span } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createBroker, parseConfig } from '@tillwire/platform';
import { SpanRing, TRACE_SPANS_SERVICE, traceSpansService } from '@tillwire/platform/telemetry';
import type { ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTraceView, transactionTrace } from '../../services/api/src/clients/trace-collector';
import { distributedEnv, uniqueNamespace } from '../distributed/distributed-env';
import { waitFor } from '../support/processes';

/**
 * The API's trace collector on NATS, as in distributed mode: each node keeps the spans it recorded
 * (here the API's request and the transactions service's action are on different nodes), and one
 * node never answers.
 */

const config = parseConfig(distributedEnv(uniqueNamespace(), { LOG_LEVEL: 'fatal' }));

/** A node keeping its own spans, as every process does without an OTLP endpoint. */
function spanNode(role: string) {
  const ring = new SpanRing(100, role);
  const tracer = new BasicTracerProvider({ spanProcessors: [ring] }).getTracer(role);
  const broker = createBroker(config, { role });
  broker.createService(traceSpansService(() => ring));
  /** Records a span lasting 1 ms from `startMs` under `parent`; answers the context its children start from. */
  const record = (name: string, kind: SpanKind, attributes: Record<string, string>, startMs: number, parent: Context = ROOT_CONTEXT): Context => {
    const span: Span = tracer.startSpan(name, { kind, attributes, startTime: startMs }, parent);
    span.end(startMs + 1);
    return trace.setSpan(parent, span);
  };
  return { broker, record };
}

const transactionId = randomUUID();
const api = createBroker(config, { role: 'collector-api' });
const edge = spanNode('collector-edge');
const transactions = spanNode('collector-transactions');
const silent = createBroker(config, { role: 'collector-silent' });
const brokers: ServiceBroker[] = [api, edge.broker, transactions.broker, silent];
let checkout: string;

beforeAll(async () => {
  // A node with the lookup that never answers: the collector must not wait for it.
  silent.createService({ name: TRACE_SPANS_SERVICE, actions: { spans: () => new Promise(() => undefined) } });
  await Promise.all(brokers.map((b) => b.start()));
  // Every node that serves the lookup, the silent one too, known to the API's node.
  await waitFor(async () => {
    const nodes = await api.call<Array<{ services?: Array<{ name: string }> }>, object>('$node.list', { onlyAvailable: true, withServices: true });
    return nodes.filter((n) => n.services?.some((s) => s.name === TRACE_SPANS_SERVICE)).length === 3 ? true : undefined;
  }, 20_000);
  openTraceView(api, config.telemetry);

  const at = Date.now();
  const request = edge.record('POST /pos/transactions', SpanKind.SERVER, { 'http.request.method': 'POST', 'http.route': '/pos/transactions' }, at);
  const create = transactions.record(
    'transactions.create',
    SpanKind.SERVER,
    { 'rpc.system': 'moleculer', 'rpc.service': 'transactions', 'tillwire.transaction.id': transactionId },
    at + 0.2,
    request,
  );
  transactions.record('INSERT', SpanKind.CLIENT, { 'db.system.name': 'postgresql' }, at + 0.4, create);
  checkout = trace.getSpanContext(request)!.traceId;
  // Someone reading the transaction: a GET on the edge, the read on the transactions node.
  const read = edge.record('GET /pos/transactions/:id', SpanKind.SERVER, { 'http.request.method': 'GET', 'http.route': '/pos/transactions/:id' }, at + 5);
  transactions.record('transactions.get', SpanKind.SERVER, { 'rpc.system': 'moleculer', 'rpc.service': 'transactions', 'tillwire.transaction.id': transactionId }, at + 5.2, read);
}, 60_000);
afterAll(() => Promise.all(brokers.map((b) => b.stop())));

describe('transactionTrace over NATS', () => {
  it("gathers a checkout's trace from the node that named the transaction and the one that did not, without waiting on a silent node", async () => {
    const started = Date.now();
    const answer = await transactionTrace(api, transactionId);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(answer).toMatchObject({ transactionId, store: 'memory', traceIds: [checkout], missingNodes: [silent.nodeID] });
    expect(answer.spans.map((s) => [s.name, s.service, s.node])).toEqual([
      ['POST /pos/transactions', 'api', edge.broker.nodeID],
      ['transactions.create', 'transactions', transactions.broker.nodeID],
      ['INSERT', 'transactions', transactions.broker.nodeID],
    ]);
    const [request, create, insert] = answer.spans;
    expect([create!.parentSpanId, insert!.parentSpanId]).toEqual([request!.spanId, create!.spanId]);
  });
});
