import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { parseConfig } from '@tillwire/platform';
import { spanRing, startTelemetry, type Telemetry } from '@tillwire/platform/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import { waitFor } from '../support/processes';

let telemetry: Telemetry;
let api: CheckoutPlatform;

beforeAll(async () => {
  // Before the services load, as the runner does, so the API's spans and metrics have a provider.
  telemetry = startTelemetry(parseConfig({}), 'api-telemetry-test');
  api = await startCheckoutPlatform();
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await telemetry?.shutdown();
});

describe('the API in a trace', () => {
  it("continues the caller's traceparent and names the transaction on the service's span", async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const response = await fetch(`${api.base}/pos/transactions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${ADMIN_TOKEN}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomBytes(8).toString('hex'),
        traceparent: `00-${traceId}-${parentSpanId}-01`,
      },
      body: JSON.stringify({ terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    const spans = await waitFor(async () => {
      const found = spanRing()!.trace(traceId);
      return found.some((s) => s.name === 'transactions.create') ? found : undefined;
    }, 10_000);
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /pos/transactions')!;
    expect(server.parentSpanId).toBe(parentSpanId);
    expect(server.attributes).toMatchObject({ 'http.route': '/pos/transactions', 'http.response.status_code': 201 });
    const create = spans.find((s) => s.name === 'transactions.create')!;
    expect(create.attributes).toMatchObject({ 'tillwire.transaction.id': id, 'tillwire.terminal.id': 'T1' });
    // The stock reservation's conditional update is in the trace, as a statement on PostgreSQL.
    const statements = spans.filter((s) => s.attributes['db.system.name'] === 'postgresql').map((s) => String(s.attributes['db.query.text']));
    expect(statements.some((text) => /UPDATE inventory\.stock_levels/.test(text))).toBe(true);
    // Every span of the checkout hangs off the request's span.
    const ids = new Set(spans.map((s) => s.spanId));
    for (const span of spans.filter((s) => s !== server)) expect(ids.has(span.parentSpanId!), span.name).toBe(true);
  });
});

describe('GET /metrics', () => {
  it('exposes request durations by route and the checkout latency in Prometheus text format', async () => {
    const created = await api.post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-002', quantity: 1 }] });
    expect(created.status).toBe(201);
    const response = await fetch(`${api.base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^http_server_request_duration_count\{[^}]*http_route="\/pos\/transactions"[^}]*\} [1-9]/m);
    expect(text).toMatch(/^tillwire_checkout_duration_count\{[^}]*tillwire_checkout_step="reserve"[^}]*\} [1-9]/m);
  });

  it('counts a saga rolled back by compensation', async () => {
    const refused = await api.post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-003', quantity: 999 }] });
    expect(refused.status).toBe(422);
    const text = await (await fetch(`${api.base}/metrics`)).text();
    expect(text).toMatch(/^tillwire_saga_compensations_total\{[^}]*tillwire_saga_outcome="compensated"[^}]*\} [1-9]/m);
  });
});
