import type { SpanRecord } from '@tillwire/platform/telemetry';
import { describe, expect, it } from 'vitest';
import { transactionSpans } from './transaction-trace';

const CHECKOUT = '1'.repeat(32);
const READ = '2'.repeat(32);
const LOOKUP = '3'.repeat(32);

function record(traceId: string, spanId: string, parentSpanId: string | undefined, startMs: number, attributes: Record<string, unknown> = {}, kind = 0): SpanRecord {
  return { traceId, spanId, parentSpanId, name: spanId, kind, serviceName: 'tillwire', startMs, durationMs: 5, status: 0, attributes };
}

const http = (traceId: string, spanId: string, method: string, startMs: number) =>
  record(traceId, spanId, 'browser', startMs, { 'http.request.method': method, 'http.route': '/pos/transactions' }, 1);
const action = (traceId: string, spanId: string, parent: string, service: string, startMs: number) =>
  record(traceId, spanId, parent, startMs, { 'rpc.system': 'moleculer', 'rpc.service': service });

describe('transactionSpans', () => {
  const api = { node: 'api-1', spans: [http(CHECKOUT, 'post', 'POST', 100), http(READ, 'get', 'GET', 500)] };
  const transactions = {
    node: 'transactions-1',
    spans: [
      action(CHECKOUT, 'create', 'post', 'transactions', 110),
      record(CHECKOUT, 'insert', 'create', 120, { 'db.system.name': 'postgresql' }, 2),
      action(READ, 'read', 'get', 'transactions', 510),
      action(LOOKUP, 'lookup', 'trace-view', 'transactions', 900),
    ],
  };
  const loyalty = {
    node: 'loyalty-1',
    spans: [
      record(CHECKOUT, 'accrue', 'create', 130, { 'rpc.system': 'grpc', 'rpc.service': 'loyalty.v1.LoyaltyService' }, 1),
      record(CHECKOUT, 'accrual-sql', 'accrue', 140, {}, 2),
      { ...record(CHECKOUT, 'consume', 'create', 150, { 'messaging.consumer.group.name': 'reports' }, 4), status: 2 },
      // The same span answered twice (asked by transaction, then by trace): kept once.
      record(CHECKOUT, 'accrue', 'create', 130, { 'rpc.system': 'grpc', 'rpc.service': 'loyalty.v1.LoyaltyService' }, 1),
    ],
  };

  const found = transactionSpans([transactions, api, loyalty], new Set([LOOKUP]));

  it('keeps the traces that changed the transaction: not those of a GET, nor the ones it is told to leave out', () => {
    expect(found.traceIds).toEqual([CHECKOUT]);
    expect(found.spans.map((s) => s.spanId)).toEqual(['post', 'create', 'insert', 'accrue', 'accrual-sql', 'consume']);
  });

  it('names the service each span ran in, a statement by its caller, and the node that recorded it', () => {
    expect(found.spans.map((s) => [s.spanId, s.service, s.node])).toEqual([
      ['post', 'api', 'api-1'],
      ['create', 'transactions', 'transactions-1'],
      ['insert', 'transactions', 'transactions-1'],
      ['accrue', 'loyalty', 'loyalty-1'],
      ['accrual-sql', 'loyalty', 'loyalty-1'],
      ['consume', 'reports', 'loyalty-1'],
    ]);
  });

  it('answers kinds and statuses by name, and a parent recorded nowhere as it was', () => {
    const byId = new Map(found.spans.map((s) => [s.spanId, s]));
    expect(byId.get('post')).toMatchObject({ kind: 'server', status: 'unset', parentSpanId: 'browser' });
    expect(byId.get('insert')).toMatchObject({ kind: 'client', parentSpanId: 'create' });
    expect(byId.get('consume')).toMatchObject({ kind: 'consumer', status: 'error' });
  });

  it("falls back to the process's service name for a span that names none and whose parent is unknown", () => {
    const { spans } = transactionSpans([{ node: 'n', spans: [record(CHECKOUT, 'lonely', undefined, 0)] }], new Set());
    expect(spans[0]).toMatchObject({ service: 'tillwire', parentSpanId: null });
  });
});
