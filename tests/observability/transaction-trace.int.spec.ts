import { randomBytes, randomUUID } from 'node:crypto';
import type { transactions } from '@tillwire/contracts';
import { parseConfig } from '@tillwire/platform';
import { startTelemetry, type Telemetry } from '@tillwire/platform/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import { waitFor } from '../support/processes';

/**
 * GET /admin/transactions/{id}/trace on the embedded wiring (every service on one node, spans in
 * this process's ring): a checkout made as the checkout screen makes it, one trace for the sale.
 */

type Trace = transactions.TransactionTrace;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const TEMPLATE = 'https://jaeger.example/search?service=tillwire&tags=%7B%22tillwire.transaction.id%22%3A%22{transactionId}%22%7D';

let telemetry: Telemetry;
let api: CheckoutPlatform;

beforeAll(async () => {
  // Before the services load, as the runner does, so their spans have a provider.
  telemetry = startTelemetry(parseConfig({}), 'transaction-trace-test');
  api = await startCheckoutPlatform();
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await telemetry?.shutdown();
});

/** A POST as the checkout screen sends it: in the sale's trace, under a parent span of its own. */
async function post(path: string, body: unknown, traceId: string, parents: string[]): Promise<{ status: number; body: transactions.TransactionView }> {
  const parent = hex(8);
  parents.push(parent);
  const response = await fetch(`${api.base}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': randomUUID(),
      traceparent: `00-${traceId}-${parent}-01`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as transactions.TransactionView };
}

/** The trace view once it shows `enough` (spans are recorded as they end, just after the answer). */
const traceOnce = (id: string, enough: (trace: Trace) => boolean) =>
  waitFor(async () => {
    const answer = await api.get<Trace>(`/admin/transactions/${id}/trace`);
    expect(answer.status, answer.text).toBe(200);
    return enough(answer.body) ? answer.body : undefined;
  }, 10_000);

describe('the trace of a checkout', () => {
  const saleTrace = hex(16);
  const parents: string[] = [];
  let id: string;
  let trace: Trace;

  beforeAll(async () => {
    const created = await post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] }, saleTrace, parents);
    expect(created.status).toBe(201);
    id = created.body.id;
    const paid = await post(`/pos/transactions/${id}/complete`, { payments: [{ method: 'cash', amountMinor: created.body.totals.totalMinor }] }, saleTrace, parents);
    expect(paid.status).toBe(200);
    // Someone reading the transaction meanwhile: not part of its life.
    expect((await api.get(`/pos/transactions/${id}`)).status).toBe(200);
    trace = await traceOnce(id, (t) => t.spans.some((s) => s.name === 'POST /pos/transactions/:id/complete'));
  });

  it("answers the sale's one trace from the screen's two requests, through every broker hop and statement", () => {
    expect(trace).toMatchObject({ transactionId: id, store: 'memory', missingNodes: [] });
    expect(trace.traceIds).toContain(saleTrace);
    const sale = trace.spans.filter((s) => s.traceId === saleTrace);
    const names = sale.map((s) => s.name);
    for (const name of ['POST /pos/transactions', 'transactions.create', 'inventory.reserve', 'departments.allocate', 'POST /pos/transactions/:id/complete', 'transactions.complete']) {
      expect(names, name).toContain(name);
    }
    expect(sale.find((s) => s.name === 'transactions.create')).toMatchObject({ service: 'transactions', kind: 'internal', attributes: { 'tillwire.transaction.id': id } });
    expect(sale.find((s) => s.name === 'POST /pos/transactions')).toMatchObject({ service: 'api', kind: 'server', status: 'unset' });
    expect(sale.some((s) => s.attributes['db.system.name'] === 'postgresql' && s.service === 'inventory')).toBe(true);
    expect(trace.spans.map((s) => s.startMs)).toEqual([...trace.spans.map((s) => s.startMs)].sort((a, b) => a - b));
  });

  it("links every span to a parent it answers, but the requests, whose parents are the screen's", () => {
    const ids = new Set(trace.spans.map((s) => s.spanId));
    const dangling = trace.spans.filter((s) => s.parentSpanId !== null && !ids.has(s.parentSpanId));
    expect(dangling.filter((s) => s.traceId === saleTrace).map((s) => [s.name, s.parentSpanId])).toEqual([
      ['POST /pos/transactions', parents[0]],
      ['POST /pos/transactions/:id/complete', parents[1]],
    ]);
    expect(new Set(trace.spans.map((s) => s.spanId)).size).toBe(trace.spans.length);
  });

  it('leaves out reads of the transaction, this view included, however often it is opened', async () => {
    const again = await traceOnce(id, () => true);
    expect(again.traceIds).toEqual(trace.traceIds);
    expect(again.spans.some((s) => s.attributes['http.request.method'] === 'GET' || s.name === 'transactions.get')).toBe(false);
  });

  it('answers 404 not_found for a transaction that does not exist, and 400 for an id that is not one', async () => {
    const unknown = await api.get<{ error: { code: string } }>(`/admin/transactions/${randomUUID()}/trace`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const malformed = await api.get<{ error: { code: string } }>('/admin/transactions/T1/trace');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('with spans exported to a tracing backend', () => {
  let exporting: CheckoutPlatform;
  beforeAll(async () => {
    exporting = await startCheckoutPlatform({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', TRACE_VIEW_URL_TEMPLATE: TEMPLATE });
  }, 120_000);
  afterAll(() => exporting?.stop());

  it("links to the transaction's traces there instead of answering spans, and still 404 for an unknown one", async () => {
    const created = await exporting.post<{ id: string }>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-002', quantity: 1 }] });
    expect(created.status, created.text).toBe(201);
    const { id } = created.body;
    const answer = await exporting.get<Trace>(`/admin/transactions/${id}/trace`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({
      transactionId: id,
      store: 'otlp',
      traceIds: [],
      spans: [],
      missingNodes: [],
      link: TEMPLATE.replace('{transactionId}', id),
    });
    expect((await exporting.get(`/admin/transactions/${randomUUID()}/trace`)).status).toBe(404);
  });
});
