import { randomUUID } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { shifts, transactions } from '@tillwire/contracts';
import { healthV1, reportsV1 } from '@tillwire/contracts/grpc';
import { GrpcClient, grpcTarget } from '@tillwire/platform';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, projected, rejection, reportsClient, saleEvent, type ReportsClient } from './testing/reports-fixtures';

const { PaymentMethod, ShiftStatus, ExportKind } = reportsV1;
const C = transactions.TransactionChannels;
const DAY = { fromDate: '2025-03-10', toDate: '2025-03-10' };

let node: TestNode;
let client: ReportsClient;
let shiftId: string;
const sales = {
  a: saleEvent({ terminalId: 'T1', totalMinor: 1500, discountMinor: 100, payments: [{ method: 'cash', amountMinor: 1500, changeMinor: 500 }] }),
  b: saleEvent({
    terminalId: 'T1',
    operatorId: 'bob',
    totalMinor: 3000,
    payments: [
      { method: 'points', amountMinor: 1000 },
      { method: 'card', amountMinor: 2000 },
    ],
    departments: [
      { departmentCode: 'GROCERY', amountMinor: 1000, units: 2 },
      { departmentCode: 'BAKERY', amountMinor: 2000, units: 1 },
    ],
  }),
  // 23:30 in Berlin on the 10th is 22:30 UTC; the store zone of this node is UTC, so still the 10th.
  c: saleEvent({ terminalId: 'T2', departmentCode: 'BAKERY', completedAt: '2025-03-10T22:30:00.000Z', departments: [{ departmentCode: 'BAKERY', amountMinor: 1000, units: 4 }] }),
  nextDay: saleEvent({ terminalId: 'T1', completedAt: '2025-03-11T00:00:00.000Z' }),
  // Two tenders of one method: one row of the day's rollup.
  split: saleEvent({
    terminalId: 'T3',
    completedAt: '2025-03-12T09:00:00.000Z',
    totalMinor: 3000,
    payments: [
      { method: 'card', amountMinor: 1000 },
      { method: 'card', amountMinor: 2000 },
    ],
  }),
};

beforeAll(async () => {
  node = await startTestNode(['reports', 'transactions', 'terminals']);
  client = reportsClient(node);
  await node.database.db.sql.execute(
    `INSERT INTO terminals.terminals (id, name, department_code, location_code, vendor, updated_at)
     VALUES ('S1', 'S1', 'GROCERY', 'MAIN', 'simulator', now())`,
  );
  shiftId = randomUUID();
  await node.broker.call(shifts.ShiftsActions.open, { terminalId: 'S1', shiftId, operatorId: 'carol', openingFloatMinor: 5000 });
  for (const sale of Object.values(sales)) await deliver(node, C.completed, sale);
  await deliver(node, C.completed, sales.a); // redelivered: counts once
  await deliver(node, C.completed, saleEvent({ terminalId: 'S1', operatorId: 'carol', shiftId, totalMinor: 700, payments: [{ method: 'cash', amountMinor: 700, changeMinor: 300 }] }));
  await deliver(node, C.refunded, {
    transactionId: sales.b.transactionId,
    refundId: randomUUID(),
    terminalId: 'T1',
    customerId: null,
    amountMinor: 500,
    refundedAt: '2025-03-10T18:00:00.000Z',
    cashMinor: 0,
    departments: [{ departmentCode: 'BAKERY', amountMinor: 500, units: 1 }],
    payments: [{ method: 'card', amountMinor: 500 }],
  } satisfies transactions.TransactionRefundedEvent);
  await projected(node, 'sales', 6);
  await projected(node, 'refunds', 1);
}, 120_000);
afterAll(async () => {
  client?.close();
  await node?.stop();
});

describe('reports over gRPC: summaries from the projections', () => {
  it('serves grpc.health.v1 SERVING for reports.v1.ReportsService', async () => {
    const health = new GrpcClient(healthV1.HealthClient, () => grpcTarget(node.broker, 'reports.v1.ReportsService', '127.0.0.1:1'), { deadlineMs: 5_000 });
    try {
      expect(await health.call('check', { service: 'reports.v1.ReportsService' })).toEqual({ status: healthV1.HealthCheckResponse_ServingStatus.SERVING });
    } finally {
      health.close();
    }
  });

  it('sums each terminal’s day by operator, department and payment method, a redelivered sale once', async () => {
    const { summaries } = await client.call('terminalDailySummaries', { dates: DAY, terminalIds: ['T1', 'T2'] });
    expect(summaries.map((s) => [s.businessDate, s.terminalId])).toEqual([
      ['2025-03-10', 'T1'],
      ['2025-03-10', 'T2'],
    ]);
    const t1 = summaries[0]!;
    expect(t1).toMatchObject({ departmentCode: 'GROCERY', currency: 'EUR' });
    expect(t1.totals).toEqual({ transactionCount: 2, grossMinor: 4500, discountMinor: 100, refundCount: 1, refundedMinor: 500, netMinor: 4000 });
    expect(t1.byOperator).toEqual([
      { operatorId: 'alice', figures: { transactionCount: 1, grossMinor: 1500, discountMinor: 100, refundCount: 0, refundedMinor: 0, netMinor: 1500 } },
      { operatorId: 'bob', figures: { transactionCount: 1, grossMinor: 3000, discountMinor: 0, refundCount: 1, refundedMinor: 500, netMinor: 2500 } },
    ]);
    expect(t1.byDepartment.map((d) => [d.departmentCode, d.figures!.grossMinor, d.figures!.refundedMinor])).toEqual([
      ['BAKERY', 2000, 500],
      ['GROCERY', 2500, 0],
    ]);
    expect(t1.byPaymentMethod).toEqual([
      { method: PaymentMethod.PAYMENT_METHOD_CARD, count: 1, amountMinor: 2000, refundedMinor: 500 },
      { method: PaymentMethod.PAYMENT_METHOD_CASH, count: 1, amountMinor: 1500, refundedMinor: 0 },
      { method: PaymentMethod.PAYMENT_METHOD_POINTS, count: 1, amountMinor: 1000, refundedMinor: 0 },
    ]);
    const all = await client.call('terminalDailySummaries', { dates: { fromDate: '2025-03-10', toDate: '2025-03-11' }, terminalIds: [] });
    expect(all.summaries.map((s) => `${s.businessDate}/${s.terminalId}/${s.totals!.transactionCount}`)).toEqual([
      '2025-03-10/S1/1',
      '2025-03-10/T1/2',
      '2025-03-10/T2/1',
      '2025-03-11/T1/1',
    ]);
    const bakery = await client.call('terminalDailySummaries', { dates: DAY, terminalIds: [], departmentCode: 'BAKERY' });
    expect(bakery.summaries.map((s) => s.terminalId)).toEqual(['T2']);
  });

  it('counts two tenders of one method of a sale as two, in one row of the day', async () => {
    const split = { fromDate: '2025-03-12', toDate: '2025-03-12' };
    const summary = (await client.call('terminalDailySummaries', { dates: split, terminalIds: ['T3'] })).summaries[0]!;
    expect(summary.byPaymentMethod).toEqual([{ method: PaymentMethod.PAYMENT_METHOD_CARD, count: 2, amountMinor: 3000, refundedMinor: 0 }]);
    expect(summary.totals).toMatchObject({ transactionCount: 1, grossMinor: 3000 });
  });

  it('reports department sales per day from the allocation, units sold and returned', async () => {
    const { rows } = await client.call('departmentSales', { dates: DAY });
    expect(rows.map((r) => [r.departmentCode, r.figures!.transactionCount, r.figures!.grossMinor, r.figures!.netMinor, r.unitsSold, r.unitsReturned])).toEqual([
      ['BAKERY', 2, 3000, 2500, 5, 1],
      ['GROCERY', 3, 3200, 3200, 4, 0],
    ]);
    expect((await client.call('departmentSales', { dates: DAY, departmentCode: 'BAKERY' })).rows).toHaveLength(1);
  });

  it('reports a cashier shift: its sales from the projections, its drawer from the transactions service', async () => {
    const { shift } = await client.call('cashierShiftReport', { shiftId });
    expect(shift).toMatchObject({
      shiftId,
      terminalId: 'S1',
      operatorId: 'carol',
      status: ShiftStatus.SHIFT_STATUS_OPEN,
      currency: 'EUR',
      totals: { transactionCount: 1, grossMinor: 700 },
      byPaymentMethod: [{ method: PaymentMethod.PAYMENT_METHOD_CASH, count: 1, amountMinor: 700, refundedMinor: 0 }],
      openingFloatMinor: 5000,
      countedCashMinor: undefined,
    });
    expect(shift!.openedAt).toBeInstanceOf(Date);
    expect(await rejection(client.call('cashierShiftReport', { shiftId: randomUUID() }))).toMatchObject({ grpcCode: status.NOT_FOUND, code: 'not_found' });
  });

  it('refuses invalid arguments with INVALID_ARGUMENT naming each bad field', async () => {
    const cases: Array<[Promise<unknown>, string]> = [
      [client.call('terminalDailySummaries', { dates: undefined, terminalIds: [] }), 'dates'],
      [client.call('terminalDailySummaries', { dates: { fromDate: '2025-02-30', toDate: '2025-03-01' }, terminalIds: [] }), 'dates.fromDate'],
      [client.call('terminalDailySummaries', { dates: { fromDate: '2025-03-02', toDate: '2025-03-01' }, terminalIds: [] }), 'dates.toDate'],
      [client.call('terminalDailySummaries', { dates: { fromDate: '2020-01-01', toDate: '2025-03-01' }, terminalIds: [] }), 'dates.toDate'],
      [client.call('departmentSales', { dates: DAY, departmentCode: 'lower case' }), 'departmentCode'],
      [client.call('cashierShiftReport', { shiftId: 'nope' }), 'shiftId'],
    ];
    for (const [call, path] of cases) {
      const error = await rejection(call);
      expect(error, path).toMatchObject({ grpcCode: status.INVALID_ARGUMENT, code: 'validation_failed' });
      expect((error.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path), path).toContain(path);
    }
  });

  it('answers DEADLINE_EXCEEDED when the caller’s deadline passes first', async () => {
    const error = await rejection(client.call('terminalDailySummaries', { dates: { fromDate: '2024-01-01', toDate: '2024-12-31' }, terminalIds: [] }, { deadlineMs: 1 }));
    expect(error).toMatchObject({ grpcCode: status.DEADLINE_EXCEEDED, code: 'dependency_unavailable' });
  });

  it('streams a CSV export whose chunks make the file, the name on the first chunk', async () => {
    const raw = new reportsV1.ReportsServiceClient(grpcTarget(node.broker, 'reports.v1.ReportsService', '127.0.0.1:1'), credentials.createInsecure());
    const metadata = await client.metadata();
    try {
      const read = (request: reportsV1.ExportCsvRequest) =>
        new Promise<reportsV1.ExportCsvResponse[]>((resolve, reject) => {
          const chunks: reportsV1.ExportCsvResponse[] = [];
          const stream = raw.exportCsv(request, metadata, { deadline: Date.now() + 10_000 });
          stream.on('data', (chunk: reportsV1.ExportCsvResponse) => chunks.push(chunk));
          stream.on('end', () => resolve(chunks));
          stream.on('error', reject);
        });
      const chunks = await read({ kind: ExportKind.EXPORT_KIND_TERMINAL_DAILY_SUMMARIES, dates: DAY });
      expect(chunks[0]!.fileName).toBe('terminal-daily-2025-03-10.csv');
      const file = Buffer.concat(chunks.map((c) => c.data)).toString('utf8');
      expect(file.split('\r\n')[0]).toMatch(/^business_date,terminal_id,department_code,currency,transaction_count,gross_minor/);
      expect(file).toContain('\r\n2025-03-10,T1,GROCERY,EUR,2,4500,100,1,500,4000,1500,2000,1000\r\n');
      await expect(read({ kind: ExportKind.EXPORT_KIND_DEPARTMENT_SALES, shiftId })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    } finally {
      raw.close();
    }
  });
});
