import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { departments, reports, terminals } from '@tillwire/contracts';
import { reportsV1 } from '@tillwire/contracts/grpc';
import { grpcClientOnNode, grpcTarget, unitOfWork, type GrpcCallError, type GrpcClient } from '@tillwire/platform';
import { startTestNode, TEST_JWT_SECRET, testCaller, type TestNode } from '@tillwire/platform/testing';
import { projectionsRepository } from '../../services/reports/src/db/projections.repository';
import { reconciliationsRepository } from '../../services/reports/src/db/reconciliations.repository';
import { summariesRepository } from '../../services/reports/src/db/summaries.repository';
import { SummaryCache } from '../../services/reports/src/domain/summary-cache';
import { startReconciliationSchedule } from '../../services/reports/src/reports.schedule';
import type { ReportsContext } from '../../services/reports/src/use-cases/reports-context';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectSimulator } from '../../services/terminals/src/simulator-device/connect-simulator';
import type { TerminalSimulator } from '../../services/terminals/src/simulator-device/terminal-simulator';

const { ReconciliationStatus: Status, ReconciliationState: State } = reportsV1;
const T = terminals.TerminalsActions;
/** The clean day: this many sales written with set-based SQL into the canonical tables of every service. */
const SALES = 10_000;
/** Of which the first are card sales, paid on the simulated terminals through the real `terminals.pay`. */
const CARD_SALES = 40;
const TILLS = ['R1', 'R2', 'R3', 'R4'];
const CALL = { timeout: 20_000 };

/** Sale i (from 1) of the day, two more for the faults. */
const SALE_IDS = Array.from({ length: SALES + 2 }, () => randomUUID());
const saleId = (i: number) => SALE_IDS[i - 1]!;
const amountOf = (i: number) => 100 + (i % 900);
/** Collected on demand only: the test reads what the reconciliation recorded. */
const metricReader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});
async function metricPoints(name: string): Promise<Array<{ attributes: object; value: unknown }>> {
  const { resourceMetrics } = await metricReader.collect();
  const named = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name);
  return named.flatMap((m): Array<{ attributes: object; value: unknown }> => m.dataPoints);
}
const tillOf = (i: number) => `R${(i % 4) + 1}`;

let node: TestNode;
let client: GrpcClient<reportsV1.ReportsServiceClient>;
let day: string;
const devices: TerminalSimulator[] = [];
const failures: reports.ReconciliationFailedEvent[] = [];

const sql = (text: string, params: unknown[] = []) => node.database.db.sql.execute(text, params);
const pay = (terminalId: string, transactionId: string, serviceId: string, amountMinor: number) =>
  node.broker.call<terminals.PayResult, object>(T.pay, { terminalId, transactionId, paymentId: randomUUID(), serviceId, amountMinor, currency: 'EUR' }, CALL);
const run = async (rerun: boolean) => (await client.call('runReconciliation', { businessDate: day, rerun }, { deadlineMs: 60_000 })).reconciliation!;

async function rejection(call: Promise<unknown>): Promise<GrpcCallError> {
  try {
    await call;
  } catch (error) {
    return error as GrpcCallError;
  }
  throw new Error('Expected the call to be rejected');
}

/** One completed sale in every source at once: transaction, line, tender, department entry, stock commit. */
async function writeSales(first: number, last: number, cardUpTo: number, terminalOf: string | null = null): Promise<void> {
  const till = terminalOf ? `'${terminalOf}'` : `'R' || (i % 4 + 1)`;
  const sales = `(SELECT tx, i::int, 100 + i::int % 900 AS amount, gen_random_uuid() AS payment FROM unnest($1::uuid[]) WITH ORDINALITY AS s(tx, i)
                   WHERE i BETWEEN ${first} AND ${last}) s`;
  await sql(
    `WITH s AS MATERIALIZED (SELECT * FROM ${sales}),
     t AS (INSERT INTO transactions.transactions (id, terminal_id, department_code, status, currency, subtotal_minor, total_minor, completed_at, created_at, updated_at)
           SELECT tx, ${till}, 'GROCERY', 'completed', 'EUR', amount, amount, now(), now(), now() FROM s RETURNING id),
     l AS (INSERT INTO transactions.transaction_lines (transaction_id, line_no, sku, name, quantity, unit_price_minor, tax_rate_bp, tax_minor, line_total_minor, department_code)
           SELECT t.id, 1, 'SKU-' || (i % 20), 'Item', 1, amount, 0, 0, amount, 'GROCERY' FROM s JOIN t ON t.id = s.tx RETURNING 1),
     p AS (INSERT INTO transactions.payments (id, transaction_id, method, amount_minor, status, updated_at)
           SELECT payment, t.id, (CASE WHEN i <= ${cardUpTo} THEN 'card' ELSE 'cash' END)::transactions.payment_method, amount, 'approved', now()
             FROM s JOIN t ON t.id = s.tx RETURNING id),
     a AS (INSERT INTO transactions.payment_attempts (id, payment_id, terminal_id, service_id, amount_minor, status)
           SELECT gen_random_uuid(), p.id, ${till}, 'S' || i, amount, 'approved' FROM s JOIN p ON p.id = s.payment WHERE i <= ${cardUpTo} RETURNING 1),
     d AS (INSERT INTO departments.ledger_entries (id, source_id, transaction_id, line_no, kind, department_code, sku, amount_minor, tax_minor, created_at)
           SELECT gen_random_uuid(), tx, tx, 1, 'sale', 'GROCERY', 'SKU-' || (i % 20), amount, 0, now() - interval '1 minute' FROM s RETURNING 1)
     INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reference, transaction_id, created_at)
     SELECT 'SKU-' || (i % 20), 'MAIN', 'commit', -1, -1, tx::text, tx, now() FROM s`,
    [SALE_IDS],
  );
}

beforeAll(async () => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));
  node = await startTestNode(['departments', 'inventory', 'terminals', 'transactions', 'reports'], {
    STORE_TIME_ZONE: 'UTC',
    RECONCILIATION_TIME: 'off',
  });
  node.broker.createService({
    name: 'finance-alerts',
    events: { [reports.ReportsEvents.reconciliationFailed]: (ctx: { params: reports.ReconciliationFailedEvent }) => void failures.push(ctx.params) },
  });
  await node.broker.waitForServices(['finance-alerts']);
  client = grpcClientOnNode(node.broker, reportsV1.ReportsServiceClient, { url: '127.0.0.1:1', deadlineMs: 30_000, caller: testCaller() });
  await sql("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
  await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
  for (const id of TILLS) {
    await node.broker.call(T.create, { id, name: id, departmentCode: 'GROCERY', vendor: 'simulator' });
    devices.push(await connectSimulator(node.broker, id, 'simulator', 'approve'));
  }
  await vi.waitFor(
    async () => {
      const sessions = await node.database.db.sql.query('SELECT 1 FROM terminals.terminals WHERE session_node IS NOT NULL');
      if (sessions.length < TILLS.length) throw new Error(`${sessions.length} of ${TILLS.length} terminals connected`);
    },
    { timeout: 20_000, interval: 50 },
  );
  const [today] = await node.database.db.sql.query<{ day: string }>("SELECT (now() AT TIME ZONE 'UTC')::date::text AS day");
  day = today!.day;

  const started = Date.now();
  await writeSales(1, SALES, CARD_SALES);
  for (let i = 1; i <= CARD_SALES; i++) expect(await pay(tillOf(i), saleId(i), `S${i}`, amountOf(i))).toMatchObject({ outcome: 'approved' });
  console.info(`Reconciliation clean day: ${SALES} sales written in ${Date.now() - started} ms`);
}, 180_000);
afterAll(async () => {
  client?.close();
  await Promise.all(devices.map((d) => d.close()));
  await node?.stop();
  metrics.disable();
});

describe('nightly three-way reconciliation over gRPC', () => {
  let cleanId: string;

  it(`finds a clean day of ${SALES} sales ok, with no variance anywhere`, async () => {
    const started = Date.now();
    const r = await run(false);
    console.info(`Reconciliation of ${SALES} sales took ${Date.now() - started} ms`);
    cleanId = r.id;
    expect(r).toMatchObject({ businessDate: day, state: State.RECONCILIATION_STATE_COMPLETED, status: Status.RECONCILIATION_STATUS_OK, currency: 'EUR' });
    expect(r.mismatches).toEqual([]);
    const cardOf = (till: string) => Array.from({ length: CARD_SALES }, (_, k) => k + 1).filter((i) => tillOf(i) === till).reduce((sum, i) => sum + amountOf(i), 0);
    expect(r.terminals.map((t) => [t.terminalId, t.variance!.expectedMinor, t.variance!.reportedMinor, t.variance!.varianceMinor, t.variance!.status])).toEqual(
      TILLS.map((till) => [till, cardOf(till), cardOf(till), 0, Status.RECONCILIATION_STATUS_OK]),
    );
    const total = Array.from({ length: SALES }, (_, k) => amountOf(k + 1)).reduce((a, b) => a + b, 0);
    expect(r.departments).toEqual([
      {
        departmentCode: 'GROCERY',
        variance: { expectedMinor: total, reportedMinor: total, varianceMinor: 0, varianceBp: 0, mismatchingTransactionIds: [], status: Status.RECONCILIATION_STATUS_OK },
      },
    ]);
    // Asked again without rerun: the run already made.
    expect((await run(false)).id).toBe(cleanId);
  });

  it('finds and names each injected fault; a re-run replaces the day’s result', async () => {
    // 1. R2 reports a total its command records do not know: a payment whose record is lost.
    await pay('R2', randomUUID(), 'X1', 500);
    await sql("DELETE FROM terminals.commands WHERE terminal_id = 'R2' AND service_id = 'X1'");
    // 2. R3 approved a payment no transaction has.
    const orphanPayment = randomUUID();
    await pay('R3', orphanPayment, 'X2', 700);
    // 3. A card sale on R4 the terminal never saw.
    await writeSales(SALES + 1, SALES + 1, SALES + 1, 'R4');
    // 4. Stock left as a sale that does not exist.
    const orphanMovement = randomUUID();
    await sql(`INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reference, transaction_id) VALUES ('SKU-1', 'MAIN', 'commit', -1, -1, $1, $2::uuid)`, [
      orphanMovement,
      orphanMovement,
    ]);
    // 5. A department entry that does not sum to its line.
    await sql('UPDATE departments.ledger_entries SET amount_minor = amount_minor + 1 WHERE transaction_id = $1', [saleId(5_000)]);
    // 6. A terminal without a session that took a card sale.
    await node.broker.call(T.create, { id: 'R5', name: 'R5', departmentCode: 'GROCERY', vendor: 'simulator' });
    await writeSales(SALES + 2, SALES + 2, SALES + 2, 'R5');

    const r = await run(true);
    expect(r.id).not.toBe(cleanId);
    expect(r.status).toBe(Status.RECONCILIATION_STATUS_FAIL);
    const kinds = (key: string) => r.mismatches.filter((m) => m.key === key).map((m) => m.kind).sort();
    expect(kinds('R1')).toEqual([]);
    expect(kinds('R2')).toEqual(['terminal_total_differs']);
    expect(kinds('R3')).toEqual(['payment_without_transaction', 'terminal_total_differs']);
    expect(kinds('R4')).toEqual(['terminal_total_differs', 'transaction_missing_on_terminal']);
    expect(kinds('R5')).toEqual(['transaction_missing_on_terminal']);
    expect(kinds('MAIN')).toEqual(['stock_movement_without_sale']);
    expect(kinds('GROCERY')).toEqual(['department_entries_do_not_sum']);
    expect(r.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'terminal_total_differs', key: 'R2', reportedMinor: expect.any(Number) }),
        expect.objectContaining({ kind: 'payment_without_transaction', transactionId: orphanPayment, reference: 'X2', reportedMinor: 700 }),
        expect.objectContaining({ kind: 'transaction_missing_on_terminal', transactionId: saleId(SALES + 1), expectedMinor: amountOf(SALES + 1) }),
        expect.objectContaining({ kind: 'stock_movement_without_sale', scope: 'stock', transactionId: orphanMovement, reference: 'SKU-1' }),
        expect.objectContaining({ kind: 'department_entries_do_not_sum', transactionId: saleId(5_000), expectedMinor: amountOf(5_000), reportedMinor: amountOf(5_000) + 1 }),
      ]),
    );
    const till = (id: string) => r.terminals.find((t) => t.terminalId === id)!.variance!;
    expect(till('R1').status).toBe(Status.RECONCILIATION_STATUS_OK);
    expect(till('R2')).toMatchObject({ varianceMinor: 500, status: Status.RECONCILIATION_STATUS_FAIL });
    expect(till('R3')).toMatchObject({ varianceMinor: 700, mismatchingTransactionIds: [orphanPayment] });
    expect(till('R4')).toMatchObject({ varianceMinor: -amountOf(SALES + 1), mismatchingTransactionIds: [saleId(SALES + 1)] });
    expect(till('R5')).toMatchObject({ reason: 'terminal_unreachable', expectedMinor: amountOf(SALES + 2), reportedMinor: 0 });
    const grocery = r.departments[0]!.variance!;
    expect(grocery).toMatchObject({ varianceMinor: 1, mismatchingTransactionIds: [saleId(5_000)], status: Status.RECONCILIATION_STATUS_WARN });
    await expect.poll(() => failures.map((f) => f.reconciliationId)).toContain(r.id);
    expect(await metricPoints('tillwire.reconciliation.runs')).toContainEqual(
      expect.objectContaining({ attributes: { 'tillwire.reconciliation.status': 'fail' }, value: 1 }),
    );
    const terminalVariance = r.terminals.reduce((sum, t) => sum + Math.abs(t.variance!.varianceMinor), 0);
    expect(await metricPoints('tillwire.reconciliation.variance')).toContainEqual(
      expect.objectContaining({ attributes: { 'tillwire.reconciliation.scope': 'terminal' }, value: terminalVariance }),
    );

    // Replaced: the clean run is gone with its rows; one reconciliation for the day, its mismatches once.
    expect(await rejection(client.call('getReconciliation', { id: cleanId }))).toMatchObject({ grpcCode: status.NOT_FOUND, code: 'not_found' });
    const again = await run(true);
    expect(again.mismatches).toHaveLength(r.mismatches.length);
    const [counts] = await node.database.db.sql.query<{ runs: bigint; mismatches: bigint }>(
      `SELECT (SELECT count(*) FROM reports.reconciliations) AS runs, (SELECT count(*) FROM reports.reconciliation_mismatches) AS mismatches`,
    );
    expect(counts).toEqual({ runs: 1n, mismatches: BigInt(r.mismatches.length) });
    expect((await client.call('getReconciliation', { id: day })).reconciliation).toMatchObject({ id: again.id, mismatches: again.mismatches });
    expect((await client.call('getReconciliation', { id: again.id })).reconciliation!.businessDate).toBe(day);

    const { reconciliations, nextPageToken } = await client.call('listReconciliations', { status: Status.RECONCILIATION_STATUS_FAIL, pageSize: 0, pageToken: '' });
    expect(nextPageToken).toBe('');
    expect(reconciliations).toEqual([
      expect.objectContaining({ id: again.id, businessDate: day, status: Status.RECONCILIATION_STATUS_FAIL, okCount: 1, warnCount: 1, failCount: 4 }),
    ]);
    expect((await client.call('listReconciliations', { status: Status.RECONCILIATION_STATUS_OK, pageSize: 10, pageToken: '' })).reconciliations).toEqual([]);
  });

  it('runs from `npm run reconcile -- --date`: a per-line summary, exit 1 on fail, 2 on bad arguments', async () => {
    const url = grpcTarget(node.broker, 'reports.v1.ReportsService', '127.0.0.1:1');
    const reconcile = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) =>
        execFile(process.execPath, ['--import', 'tsx', 'services/reports/src/cli/reconcile.cli.ts', ...args], { env: { ...process.env, REPORTS_GRPC_URL: url, JWT_SECRET: TEST_JWT_SECRET } }, (error, stdout) =>
          resolve({ code: error ? (error.code as number) : 0, stdout }),
        ),
      );
    const failed = await reconcile('--date', day);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`Reconciliation ${day}`);
    expect(failed.stdout).toMatch(/terminal {3}R1 {11}ok {3}expected \d+ reported \d+ variance 0 \(0\.00%\)/);
    expect(failed.stdout).toContain('mismatch   stock_movement_without_sale: 1');
    expect((await reconcile('--date', '2025-02-30')).code).toBe(2);
  });

  it('exports the day as CSV: a row per terminal and department, then one per mismatch', async () => {
    const raw = new reportsV1.ReportsServiceClient(grpcTarget(node.broker, 'reports.v1.ReportsService', '127.0.0.1:1'), credentials.createInsecure());
    const metadata = await client.metadata();
    try {
      const chunks = await new Promise<reportsV1.ExportCsvResponse[]>((resolve, reject) => {
        const read: reportsV1.ExportCsvResponse[] = [];
        const request = { kind: reportsV1.ExportKind.EXPORT_KIND_RECONCILIATION, reconciliationId: day };
        const stream = raw.exportCsv(request, metadata, { deadline: Date.now() + 10_000 });
        stream.on('data', (chunk: reportsV1.ExportCsvResponse) => read.push(chunk));
        stream.on('end', () => resolve(read));
        stream.on('error', reject);
      });
      expect(chunks[0]!.fileName).toBe(`reconciliation-${day}.csv`);
      const rows = Buffer.concat(chunks.map((c) => c.data)).toString('utf8').trimEnd().split('\r\n');
      expect(rows[0]).toBe('business_date,record,scope,key,department_code,status,kind,expected_minor,reported_minor,variance_minor,variance_bp,reason,transaction_id,reference');
      expect(rows.filter((r) => r.includes(',line,'))).toHaveLength(6);
      expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^${day},mismatch,stock,MAIN,,,stock_movement_without_sale,,,,,,[0-9a-f-]{36},SKU-1$`)));
    } finally {
      raw.close();
    }
  });

  it('refuses a bad date with INVALID_ARGUMENT and answers NOT_FOUND for a day never reconciled', async () => {
    for (const businessDate of ['2025-02-30', 'yesterday', '']) {
      expect(await rejection(client.call('runReconciliation', { businessDate, rerun: false })), businessDate).toMatchObject({
        grpcCode: status.INVALID_ARGUMENT,
        code: 'validation_failed',
      });
    }
    expect(await rejection(client.call('runReconciliation', { businessDate: day, warnThresholdBp: 200, failThresholdBp: 100, rerun: true }))).toMatchObject({
      grpcCode: status.INVALID_ARGUMENT,
    });
    expect(await rejection(client.call('getReconciliation', { id: 'nope' }))).toMatchObject({ grpcCode: status.INVALID_ARGUMENT });
    expect(await rejection(client.call('getReconciliation', { id: '2001-01-01' }))).toMatchObject({ grpcCode: status.NOT_FOUND, code: 'not_found' });
    expect(await rejection(client.call('listReconciliations', { status: Status.RECONCILIATION_STATUS_OK, pageSize: 501, pageToken: '' }))).toMatchObject({
      grpcCode: status.INVALID_ARGUMENT,
    });
  });

  it('reconciles the previous day at RECONCILIATION_TIME of the store’s zone, once however many nodes keep the timer', async () => {
    await sql('DELETE FROM reports.reconciliations');
    // Two nodes' timers, their clocks one second before 02:00 of the day after.
    const tomorrow = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
    const clock = Date.now();
    const ctx: ReportsContext = {
      db: node.database.db.sql,
      transact: unitOfWork(node.database.db),
      projections: projectionsRepository,
      summaries: summariesRepository,
      reconciliations: reconciliationsRepository,
      reconciliation: { warnThresholdBp: 0, failThresholdBp: 100 },
      cache: new SummaryCache(1_000),
      timeZone: 'UTC',
      currency: 'EUR',
      call: (action, params, options) => node.broker.call(action, params, options),
      broadcast: async (event, payload) => node.broker.broadcast(event, payload),
      now: () => new Date(tomorrow.getTime() + 2 * 3_600_000 - 1_000 + (Date.now() - clock)),
    };
    const log = { info: () => undefined, warn: () => undefined };
    const schedules = [startReconciliationSchedule(ctx, '02:00', log), startReconciliationSchedule(ctx, '02:00', log)];
    try {
      await vi.waitFor(
        async () => {
          const rows = await node.database.db.sql.query<{ state: string }>('SELECT state::text FROM reports.reconciliations WHERE business_date = $1::date', [day]);
          expect(rows).toEqual([{ state: 'completed' }]);
        },
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      schedules.forEach((s) => s.stop());
    }
    expect((await client.call('getReconciliation', { id: day })).reconciliation!.status).toBe(Status.RECONCILIATION_STATUS_FAIL);
  });
});
