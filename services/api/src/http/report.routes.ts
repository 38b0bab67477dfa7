import { reports } from '@tillwire/contracts';
import { reportsV1 } from '@tillwire/contracts/grpc';
import { z } from 'zod';
import { exportCsv, getReconciliation, listReconciliations, runReconciliation } from '../clients/reports-grpc.client';
import { defineRoute, type Route } from './route';

/** A reconciliation reads every source and asks each terminal for its totals: longer than an ordinary call. */
const RUN_DEADLINE_MS = 120_000;
/** An export streams every row of its report. */
const EXPORT_DEADLINE_MS = 60_000;

const byDate = z.object({ date: reports.businessDate });
const STATUS: Record<number, reports.ReconciliationView['status']> = {
  [reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_OK]: 'ok',
  [reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_WARN]: 'warn',
  [reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_FAIL]: 'fail',
};
const STATE: Record<number, reports.ReconciliationView['state']> = {
  [reportsV1.ReconciliationState.RECONCILIATION_STATE_RUNNING]: 'running',
  [reportsV1.ReconciliationState.RECONCILIATION_STATE_COMPLETED]: 'completed',
  [reportsV1.ReconciliationState.RECONCILIATION_STATE_FAILED]: 'failed',
};

const STATUS_FILTER: Record<NonNullable<reports.ReconciliationView['status']>, reportsV1.ReconciliationStatus> = {
  ok: reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_OK,
  warn: reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_WARN,
  fail: reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_FAIL,
};

const line = (key: string, departmentCode: string, v: reportsV1.Variance | undefined) => ({
  key,
  departmentCode,
  expectedMinor: v?.expectedMinor ?? 0,
  reportedMinor: v?.reportedMinor ?? 0,
  varianceMinor: v?.varianceMinor ?? 0,
  varianceBp: v?.varianceBp ?? null,
  status: STATUS[v?.status ?? 0] ?? 'ok',
  reason: v?.reason ?? null,
  mismatchingTransactionIds: v?.mismatchingTransactionIds ?? [],
});

/** The gRPC message as the HTTP contract shows it: statuses by name, absent values null. */
function view(r: reportsV1.Reconciliation | undefined): reports.ReconciliationView {
  if (!r) throw new Error('The reports service answered no reconciliation');
  return {
    id: r.id,
    businessDate: r.businessDate,
    state: STATE[r.state] ?? 'failed',
    status: STATUS[r.status] ?? null,
    warnThresholdBp: r.warnThresholdBp,
    failThresholdBp: r.failThresholdBp,
    currency: r.currency,
    startedAt: (r.startedAt ?? new Date(0)).toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    error: r.error ?? null,
    terminals: r.terminals.map((t) => line(t.terminalId, t.departmentCode, t.variance)),
    departments: r.departments.map((d) => line(d.departmentCode, d.departmentCode, d.variance)),
    mismatches: r.mismatches.map((m) => ({
      kind: m.kind,
      scope: m.scope as 'terminal' | 'department' | 'stock',
      key: m.key,
      transactionId: m.transactionId ?? null,
      reference: m.reference ?? null,
      expectedMinor: m.expectedMinor ?? null,
      reportedMinor: m.reportedMinor ?? null,
    })),
  };
}

type ListQuery = z.output<typeof reports.listReconciliationsQuery>;

/** A page of reconciliations as the HTTP contract shows it. */
async function listed(node: Parameters<typeof listReconciliations>[0], query: ListQuery): Promise<z.infer<typeof reports.reconciliationListView>> {
  const answer = await listReconciliations(node, {
    dates: query.from && query.to ? { fromDate: query.from, toDate: query.to } : undefined,
    status: query.status ? STATUS_FILTER[query.status] : reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_UNSPECIFIED,
    pageSize: query.limit ?? 0,
    pageToken: query.pageToken ?? '',
  });
  return {
    reconciliations: answer.reconciliations.map((r) => ({
      id: r.id,
      businessDate: r.businessDate,
      state: STATE[r.state] ?? 'failed',
      status: STATUS[r.status] ?? null,
      startedAt: (r.startedAt ?? new Date(0)).toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
      okCount: r.okCount,
      warnCount: r.warnCount,
      failCount: r.failCount,
    })),
    nextPageToken: answer.nextPageToken,
  };
}

/** The nightly reconciliation for finance, served by the reports service over gRPC. */
export const REPORT_ROUTES: readonly Route[] = [
  defineRoute({
    id: 'runReconciliation',
    method: 'POST',
    path: '/reports/reconciliations',
    summary:
      "Reconcile a business day (STORE_TIME_ZONE) three ways: the transaction ledger against each terminal's totals and approved payments, the stock movements and the department ledger. A day reconciled before is answered as it is unless rerun is true, which replaces it; thresholds default to RECONCILIATION_WARN_BP / RECONCILIATION_FAIL_BP",
    tag: 'Reports',
    access: 'reports.reconcile',
    audit: { action: 'reconciliation.run', entity: ({ body }) => ({ type: 'business_day', id: body.date }) },
    body: reports.runReconciliationRequest,
    response: reports.reconciliationView,
    status: 200,
    call: async ({ body }, ctx) => {
      const { date, rerun, warnThresholdBp, failThresholdBp } = body;
      const request = { businessDate: date, rerun: rerun ?? false, warnThresholdBp, failThresholdBp };
      return view((await runReconciliation(ctx.broker, request, RUN_DEADLINE_MS)).reconciliation);
    },
  }),
  defineRoute({
    id: 'getReconciliation',
    method: 'GET',
    path: '/reports/reconciliations/:date',
    params: byDate,
    summary: "A business day's reconciliation: per terminal and department expected, reported, variance and status, and every mismatch by kind (404 when the day was never reconciled)",
    tag: 'Reports',
    access: 'reports.reconcile',
    response: reports.reconciliationView,
    status: 200,
    call: async ({ path }, ctx) => view((await getReconciliation(ctx.broker, { id: path.date! })).reconciliation),
  }),
  defineRoute({
    id: 'listReconciliations',
    method: 'GET',
    path: '/reports/reconciliations',
    summary:
      'Reconciliations, newest business date first, with their state, status and line counts by status; filter by a date range (from and to together, at most 366 days) and status; limit 1-500 (default 50); pass nextPageToken as pageToken for the next page (empty on the last)',
    tag: 'Reports',
    access: 'reports.reconcile',
    query: reports.listReconciliationsQuery,
    response: reports.reconciliationListView,
    status: 200,
    call: ({ query }, ctx) => listed(ctx.broker, query),
  }),
  defineRoute({
    id: 'exportReconciliationCsv',
    method: 'GET',
    path: '/reports/reconciliations/:date/csv',
    params: byDate,
    summary:
      "A business day's reconciliation as CSV (one row per terminal and department line, then one per mismatching transaction), answered as JSON {fileName, contentType, csv} (404 when the day was never reconciled)",
    tag: 'Reports',
    access: 'reports.reconcile',
    response: reports.csvExportView,
    status: 200,
    call: async ({ path }, ctx) => {
      const request = { kind: reportsV1.ExportKind.EXPORT_KIND_RECONCILIATION, reconciliationId: path.date! };
      return { ...(await exportCsv(ctx.broker, request, EXPORT_DEADLINE_MS)), contentType: 'text/csv' };
    },
  }),
];
